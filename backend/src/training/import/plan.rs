//! Matching the modules, lessons or quizzes of a course as the content has them against the
//! rows already stored, by key: a key seen before keeps its row's ID (progress recorded against
//! it survives the edit), a new key gets a new ID, and a stored row whose key left the content
//! is retired rather than deleted.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::training::model::{CourseModule, Lesson, LessonId, ModuleId, Quiz, QuizId};

/// A stored row that is matched by key.
pub(super) trait Keyed: Clone + PartialEq {
    type Id: Clone + Eq + Hash;

    fn id(&self) -> &Self::Id;
    fn key(&self) -> &str;
    fn is_retired(&self) -> bool;
    fn new_id() -> Self::Id;
}

/// The ID for each key: that of the stored row with the key, or a new one.
pub(super) struct KeyIds<Id>(HashMap<String, Id>);

impl<Id: Clone> KeyIds<Id> {
    pub(super) fn of<R: Keyed<Id = Id>>(stored: &[R]) -> Self {
        Self(stored.iter().map(|row| (row.key().to_owned(), row.id().clone())).collect())
    }

    pub(super) fn id_for<R: Keyed<Id = Id>>(&self, key: &str) -> Id {
        self.0.get(key).cloned().unwrap_or_else(R::new_id)
    }
}

/// What to write so that the stored rows of one kind become `current`.
#[derive(Debug, PartialEq)]
pub(super) struct Plan<R: Keyed> {
    /// The rows as the content has them (none retired), in content order.
    pub current: Vec<R>,
    /// Rows with a key not stored before.
    pub inserted: Vec<R>,
    /// Stored rows that change (position, version, settings, or back from retirement).
    pub updated: Vec<R>,
    /// Stored rows, not yet retired, whose key left the content.
    pub retired: Vec<R>,
}

impl<R: Keyed> Plan<R> {
    /// Compares `current` (built with [`KeyIds`], so a stored key has its stored ID) with `stored`.
    pub(super) fn new(stored: Vec<R>, current: Vec<R>) -> Self {
        let current_ids: HashSet<&R::Id> = current.iter().map(Keyed::id).collect();
        let stored_by_id: HashMap<&R::Id, &R> = stored.iter().map(|row| (row.id(), row)).collect();
        let mut inserted = Vec::new();
        let mut updated = Vec::new();
        for row in &current {
            match stored_by_id.get(row.id()) {
                None => inserted.push(row.clone()),
                Some(before) if *before != row => updated.push(row.clone()),
                Some(_) => {}
            }
        }
        let retired =
            stored.iter().filter(|row| !row.is_retired() && !current_ids.contains(row.id())).cloned().collect();
        Self { current, inserted, updated, retired }
    }

    /// The IDs of the current rows.
    pub(super) fn current_ids(&self) -> Vec<R::Id> {
        self.current.iter().map(|row| row.id().clone()).collect()
    }

    /// The IDs of the rows to retire.
    pub(super) fn retired_ids(&self) -> Vec<R::Id> {
        self.retired.iter().map(|row| row.id().clone()).collect()
    }

    /// The keys of the rows to retire (for the audit log).
    pub(super) fn retired_keys(&self) -> Vec<String> {
        self.retired.iter().map(|row| row.key().to_owned()).collect()
    }
}

impl Keyed for CourseModule {
    type Id = ModuleId;

    fn id(&self) -> &ModuleId {
        &self.id
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    fn new_id() -> ModuleId {
        ModuleId::generate()
    }
}

impl Keyed for Lesson {
    type Id = LessonId;

    fn id(&self) -> &LessonId {
        &self.id
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    fn new_id() -> LessonId {
        LessonId::generate()
    }
}

impl Keyed for Quiz {
    type Id = QuizId;

    fn id(&self) -> &QuizId {
        &self.id
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    fn new_id() -> QuizId {
        QuizId::generate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::model::CourseId;

    fn module(id: &str, key: &str, position: i32, retired: bool) -> CourseModule {
        CourseModule {
            id: ModuleId(id.to_owned()),
            course_id: CourseId("course".to_owned()),
            key: key.to_owned(),
            position,
            version: 1,
            retired_at: retired.then(crate::db::time::now),
        }
    }

    /// The content's modules as `(key, position)`, with IDs matched against `stored`.
    fn current(stored: &[CourseModule], content: &[(&str, i32)]) -> Vec<CourseModule> {
        let ids = KeyIds::of(stored);
        content
            .iter()
            .map(|(key, position)| {
                let id = ids.id_for::<CourseModule>(key);
                CourseModule { id, ..module("", key, *position, false) }
            })
            .collect()
    }

    #[test]
    fn unchanged_rows_are_left_alone() {
        let stored = vec![module("a", "why", 1, false), module("b", "how", 2, false)];
        let plan = Plan::new(stored.clone(), current(&stored, &[("why", 1), ("how", 2)]));
        assert_eq!(plan.current, stored);
        assert!(plan.inserted.is_empty() && plan.updated.is_empty() && plan.retired.is_empty());
    }

    #[test]
    fn a_known_key_keeps_its_id_when_it_moves_and_a_new_key_gets_a_new_id() {
        let stored = vec![module("a", "why", 1, false), module("b", "how", 2, false)];
        let plan = Plan::new(stored.clone(), current(&stored, &[("how", 1), ("new", 2), ("why", 3)]));
        assert_eq!(plan.current_ids()[0], ModuleId("b".to_owned()));
        assert_eq!(plan.current_ids()[2], ModuleId("a".to_owned()));
        assert_eq!(plan.inserted.len(), 1);
        assert_eq!(plan.inserted[0].key, "new");
        assert!(!stored.iter().any(|row| row.id == plan.inserted[0].id));
        assert_eq!(plan.updated.iter().map(|row| row.key.as_str()).collect::<Vec<_>>(), ["how", "why"]);
        assert!(plan.retired.is_empty());
    }

    #[test]
    fn a_key_that_left_is_retired_once_and_comes_back_with_its_id() {
        let stored = vec![module("a", "why", 1, false), module("b", "how", 2, false)];
        let plan = Plan::new(stored.clone(), current(&stored, &[("why", 1)]));
        assert_eq!(plan.retired_keys(), ["how"]);
        assert_eq!(plan.retired_ids(), [ModuleId("b".to_owned())]);

        let after = vec![module("a", "why", 1, false), module("b", "how", 2, true)];
        assert!(Plan::new(after.clone(), current(&after, &[("why", 1)])).retired.is_empty());
        let back = Plan::new(after.clone(), current(&after, &[("why", 1), ("how", 2)]));
        assert_eq!(back.updated, [module("b", "how", 2, false)]);
        assert!(back.inserted.is_empty());
    }
}
