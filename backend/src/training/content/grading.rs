//! Grading a quiz attempt: one point per question, and a question earns it only when exactly its
//! correct choices are chosen, so that ticking every box of a multiple-choice question never pays.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Question, QuizContent};

impl Question {
    /// Whether `chosen` (choice ids, in any order) is exactly the set of correct choices.
    pub fn is_correct<S: AsRef<str>>(&self, chosen: &[S]) -> bool {
        let chosen: BTreeSet<&str> = chosen.iter().map(AsRef::as_ref).collect();
        let correct: BTreeSet<&str> =
            self.choices.iter().filter(|choice| choice.correct).map(|choice| choice.id.as_str()).collect();
        chosen == correct
    }
}

impl QuizContent {
    /// `(points, max)` for `answers` (question id → chosen choice ids). An unanswered question
    /// earns nothing; answers to questions the quiz does not have are ignored.
    pub fn score(&self, answers: &BTreeMap<String, Vec<String>>) -> (usize, usize) {
        let points = self
            .questions
            .iter()
            .filter(|question| answers.get(&question.id).is_some_and(|chosen| question.is_correct(chosen)))
            .count();
        (points, self.questions.len())
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Choice, QuestionKind};
    use super::*;

    fn question(id: &str, kind: QuestionKind, choices: &[(&str, bool)]) -> Question {
        let choices = choices.iter().map(|(id, correct)| Choice { id: (*id).to_owned(), correct: *correct }).collect();
        Question { id: id.to_owned(), kind, choices }
    }

    fn quiz() -> QuizContent {
        QuizContent {
            key: "basics/quiz".to_owned(),
            version: 1,
            max_attempts: 3,
            translations: BTreeMap::new(),
            questions: vec![
                question("who", QuestionKind::Single, &[("anyone", true), ("governments", false)]),
                question("which", QuestionKind::Multiple, &[("a", true), ("b", true), ("c", false)]),
            ],
        }
    }

    fn answers(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        entries
            .iter()
            .map(|(question, chosen)| ((*question).to_owned(), chosen.iter().map(|id| (*id).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn a_single_choice_question_wants_its_one_correct_choice() {
        let who = &quiz().questions[0];
        assert!(who.is_correct(&["anyone"]));
        assert!(!who.is_correct(&["governments"]));
        assert!(!who.is_correct(&["anyone", "governments"]));
        assert!(!who.is_correct::<&str>(&[]));
    }

    #[test]
    fn a_multiple_choice_question_wants_exactly_the_correct_set() {
        let which = &quiz().questions[1];
        assert!(which.is_correct(&["b", "a"]));
        assert!(which.is_correct(&["a", "b", "a"]));
        assert!(!which.is_correct(&["a"]));
        assert!(!which.is_correct(&["a", "b", "c"]));
        assert!(!which.is_correct(&["a", "b", "unknown"]));
    }

    #[test]
    fn a_quiz_scores_one_point_per_correct_question() {
        let quiz = quiz();
        assert_eq!(quiz.score(&answers(&[("who", &["anyone"]), ("which", &["a", "b"])])), (2, 2));
        assert_eq!(quiz.score(&answers(&[("who", &["anyone"]), ("which", &["a"])])), (1, 2));
        assert_eq!(quiz.score(&answers(&[("which", &["a", "b"]), ("elsewhere", &["x"])])), (1, 2));
        assert_eq!(quiz.score(&BTreeMap::new()), (0, 2));
    }
}
