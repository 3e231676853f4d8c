//! Per-request DataLoaders of the catalogue: a page of courses with their modules, lessons,
//! quizzes and every translation costs one query per kind, however many courses, modules and
//! lessons it shows; so do the cohorts, their seat counts, and a roster's progress and
//! certificates. Built per request (see `graphql::loaders`).

use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::{DataLoader, Loader};

use super::certification::store as certificate_store;
use super::enrollment::model::{Certificate, Cohort, CohortId, EnrollmentId, EnrollmentStatus, QuizAttempt};
use super::enrollment::store as enrollment_store;
use super::model::{
    Course, CourseId, CourseModule, CourseTranslation, Lesson, LessonId, LessonTranslation, ModuleId,
    ModuleTranslation, Quiz, QuizId, QuizTranslation,
};
use super::progress::store::{self as progress_store, Progress};
use super::store;
use crate::db::{Db, DbConnection};
use crate::graphql::loaders::{LoadError, batch, load_error};

/// The catalogue loaders of one request.
pub struct TrainingLoaders {
    pub courses: DataLoader<CourseLoader>,
    pub course_translations: DataLoader<CourseTranslationLoader>,
    pub modules: DataLoader<ModulesOfCourseLoader>,
    pub module_translations: DataLoader<ModuleTranslationLoader>,
    pub lessons: DataLoader<LessonsOfModuleLoader>,
    pub lesson_translations: DataLoader<LessonTranslationLoader>,
    pub quizzes: DataLoader<QuizOfModuleLoader>,
    pub quiz_translations: DataLoader<QuizTranslationLoader>,
    pub cohorts: DataLoader<CohortLoader>,
    pub cohorts_of_course: DataLoader<CohortsOfCourseLoader>,
    pub enrollment_counts: DataLoader<EnrollmentCountsLoader>,
    pub progress: DataLoader<ProgressLoader>,
    pub certificates: DataLoader<CertificateOfEnrollmentLoader>,
    pub completed_lessons: DataLoader<CompletedLessonsLoader>,
    pub quiz_attempts: DataLoader<QuizAttemptsLoader>,
    pub quizzes_by_id: DataLoader<QuizLoader>,
    pub waitlist_positions: DataLoader<WaitlistPositionLoader>,
}

impl TrainingLoaders {
    pub fn for_request(db: &Db) -> Self {
        Self {
            courses: DataLoader::new(CourseLoader(db.clone()), tokio::spawn),
            course_translations: DataLoader::new(CourseTranslationLoader(db.clone()), tokio::spawn),
            modules: DataLoader::new(ModulesOfCourseLoader(db.clone()), tokio::spawn),
            module_translations: DataLoader::new(ModuleTranslationLoader(db.clone()), tokio::spawn),
            lessons: DataLoader::new(LessonsOfModuleLoader(db.clone()), tokio::spawn),
            lesson_translations: DataLoader::new(LessonTranslationLoader(db.clone()), tokio::spawn),
            quizzes: DataLoader::new(QuizOfModuleLoader(db.clone()), tokio::spawn),
            quiz_translations: DataLoader::new(QuizTranslationLoader(db.clone()), tokio::spawn),
            cohorts: DataLoader::new(CohortLoader(db.clone()), tokio::spawn),
            cohorts_of_course: DataLoader::new(CohortsOfCourseLoader(db.clone()), tokio::spawn),
            enrollment_counts: DataLoader::new(EnrollmentCountsLoader(db.clone()), tokio::spawn),
            progress: DataLoader::new(ProgressLoader(db.clone()), tokio::spawn),
            certificates: DataLoader::new(CertificateOfEnrollmentLoader(db.clone()), tokio::spawn),
            completed_lessons: DataLoader::new(CompletedLessonsLoader(db.clone()), tokio::spawn),
            quiz_attempts: DataLoader::new(QuizAttemptsLoader(db.clone()), tokio::spawn),
            quizzes_by_id: DataLoader::new(QuizLoader(db.clone()), tokio::spawn),
            waitlist_positions: DataLoader::new(WaitlistPositionLoader(db.clone()), tokio::spawn),
        }
    }
}

/// One row per key.
async fn one_each<K, R>(
    db: &Db,
    keys: &[K],
    query: fn(&mut DbConnection, &[K]) -> diesel::QueryResult<Vec<R>>,
    key_of: fn(&R) -> K,
) -> Result<HashMap<K, R>, LoadError>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    R: Send + 'static,
{
    batch(db, keys, query, move |row, map| {
        map.insert(key_of(&row), row);
    })
    .await
}

/// Every row of each key, in the query's order.
async fn grouped<K, R>(
    db: &Db,
    keys: &[K],
    query: fn(&mut DbConnection, &[K]) -> diesel::QueryResult<Vec<R>>,
    key_of: fn(&R) -> K,
) -> Result<HashMap<K, Vec<R>>, LoadError>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    R: Send + 'static,
{
    batch(db, keys, query, move |row, map: &mut HashMap<K, Vec<R>>| {
        map.entry(key_of(&row)).or_default().push(row);
    })
    .await
}

/// Courses by ID.
pub struct CourseLoader(Db);

impl Loader<CourseId> for CourseLoader {
    type Value = Course;
    type Error = LoadError;

    async fn load(&self, keys: &[CourseId]) -> Result<HashMap<CourseId, Course>, LoadError> {
        one_each(&self.0, keys, store::courses_by_id, |row| row.id.clone()).await
    }
}

/// The translations of courses.
pub struct CourseTranslationLoader(Db);

impl Loader<CourseId> for CourseTranslationLoader {
    type Value = Vec<CourseTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[CourseId]) -> Result<HashMap<CourseId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::course_translations_of, |row| row.course_id.clone()).await
    }
}

/// The modules of courses (not retired), in order.
pub struct ModulesOfCourseLoader(Db);

impl Loader<CourseId> for ModulesOfCourseLoader {
    type Value = Vec<CourseModule>;
    type Error = LoadError;

    async fn load(&self, keys: &[CourseId]) -> Result<HashMap<CourseId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::modules_of, |row| row.course_id.clone()).await
    }
}

/// The translations of modules.
pub struct ModuleTranslationLoader(Db);

impl Loader<ModuleId> for ModuleTranslationLoader {
    type Value = Vec<ModuleTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[ModuleId]) -> Result<HashMap<ModuleId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::module_translations_of, |row| row.module_id.clone()).await
    }
}

/// The lessons of modules (not retired), in order.
pub struct LessonsOfModuleLoader(Db);

impl Loader<ModuleId> for LessonsOfModuleLoader {
    type Value = Vec<Lesson>;
    type Error = LoadError;

    async fn load(&self, keys: &[ModuleId]) -> Result<HashMap<ModuleId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::lessons_of, |row| row.module_id.clone()).await
    }
}

/// The translations of lessons.
pub struct LessonTranslationLoader(Db);

impl Loader<LessonId> for LessonTranslationLoader {
    type Value = Vec<LessonTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[LessonId]) -> Result<HashMap<LessonId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::lesson_translations_of, |row| row.lesson_id.clone()).await
    }
}

/// The quiz of modules (not retired), where they have one.
pub struct QuizOfModuleLoader(Db);

impl Loader<ModuleId> for QuizOfModuleLoader {
    type Value = Quiz;
    type Error = LoadError;

    async fn load(&self, keys: &[ModuleId]) -> Result<HashMap<ModuleId, Quiz>, LoadError> {
        one_each(&self.0, keys, store::quizzes_of, |row| row.module_id.clone()).await
    }
}

/// The translations of quizzes.
pub struct QuizTranslationLoader(Db);

impl Loader<QuizId> for QuizTranslationLoader {
    type Value = Vec<QuizTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[QuizId]) -> Result<HashMap<QuizId, Self::Value>, LoadError> {
        grouped(&self.0, keys, store::quiz_translations_of, |row| row.quiz_id.clone()).await
    }
}

/// Cohorts by ID.
pub struct CohortLoader(Db);

impl Loader<CohortId> for CohortLoader {
    type Value = Cohort;
    type Error = LoadError;

    async fn load(&self, keys: &[CohortId]) -> Result<HashMap<CohortId, Cohort>, LoadError> {
        one_each(&self.0, keys, enrollment_store::cohorts_by_id, |row| row.id.clone()).await
    }
}

/// The cohorts of courses, earliest start first.
pub struct CohortsOfCourseLoader(Db);

impl Loader<CourseId> for CohortsOfCourseLoader {
    type Value = Vec<Cohort>;
    type Error = LoadError;

    async fn load(&self, keys: &[CourseId]) -> Result<HashMap<CourseId, Self::Value>, LoadError> {
        grouped(&self.0, keys, enrollment_store::cohorts_of, |row| row.course_id.clone()).await
    }
}

/// How many enrollments of each status cohorts have.
pub struct EnrollmentCountsLoader(Db);

impl Loader<CohortId> for EnrollmentCountsLoader {
    type Value = HashMap<EnrollmentStatus, i64>;
    type Error = LoadError;

    async fn load(&self, keys: &[CohortId]) -> Result<HashMap<CohortId, Self::Value>, LoadError> {
        batch(&self.0, keys, enrollment_store::status_counts, |(cohort, status, count), map: &mut HashMap<_, _>| {
            if let Some(status) = EnrollmentStatus::from_stored(&status) {
                map.entry(cohort).or_insert_with(HashMap::new).insert(status, count);
            }
        })
        .await
    }
}

/// The progress of enrollments, each in its cohort's course.
pub struct ProgressLoader(Db);

impl Loader<(EnrollmentId, CourseId)> for ProgressLoader {
    type Value = Progress;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[(EnrollmentId, CourseId)],
    ) -> Result<HashMap<(EnrollmentId, CourseId), Progress>, LoadError> {
        let keys = keys.to_vec();
        self.0
            .run(move |connection| {
                let progress = progress_store::progress_of(connection, &keys)?;
                Ok(keys
                    .into_iter()
                    .map(|key| (key.clone(), progress.get(&key.0).copied().unwrap_or_default()))
                    .collect())
            })
            .await
            .map_err(load_error)
    }
}

/// The certificates of enrollments (those that have one).
pub struct CertificateOfEnrollmentLoader(Db);

impl Loader<EnrollmentId> for CertificateOfEnrollmentLoader {
    type Value = Certificate;
    type Error = LoadError;

    async fn load(&self, keys: &[EnrollmentId]) -> Result<HashMap<EnrollmentId, Certificate>, LoadError> {
        one_each(&self.0, keys, certificate_store::of_enrollments, |row| row.enrollment_id.clone()).await
    }
}

/// The lessons enrollments have completed, in the order completed.
pub struct CompletedLessonsLoader(Db);

impl Loader<EnrollmentId> for CompletedLessonsLoader {
    type Value = Vec<LessonId>;
    type Error = LoadError;

    async fn load(&self, keys: &[EnrollmentId]) -> Result<HashMap<EnrollmentId, Self::Value>, LoadError> {
        batch(&self.0, keys, progress_store::completed_lessons, |(enrollment, lesson), map: &mut HashMap<_, Vec<_>>| {
            map.entry(enrollment).or_default().push(lesson);
        })
        .await
    }
}

/// The quiz attempts of enrollments, by quiz, first attempt first.
pub struct QuizAttemptsLoader(Db);

impl Loader<EnrollmentId> for QuizAttemptsLoader {
    type Value = Vec<QuizAttempt>;
    type Error = LoadError;

    async fn load(&self, keys: &[EnrollmentId]) -> Result<HashMap<EnrollmentId, Self::Value>, LoadError> {
        grouped(&self.0, keys, progress_store::attempts_of, |row| row.enrollment_id.clone()).await
    }
}

/// Quizzes by ID (retired ones left out).
pub struct QuizLoader(Db);

impl Loader<QuizId> for QuizLoader {
    type Value = Quiz;
    type Error = LoadError;

    async fn load(&self, keys: &[QuizId]) -> Result<HashMap<QuizId, Quiz>, LoadError> {
        one_each(&self.0, keys, store::quizzes_by_id, |row| row.id.clone()).await
    }
}

/// Positions on waitlists (1 = next to get a seat), by cohort and waitlist number: one query
/// for a whole page of waitlisted enrollments.
pub struct WaitlistPositionLoader(Db);

impl Loader<(CohortId, i32)> for WaitlistPositionLoader {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[(CohortId, i32)]) -> Result<HashMap<(CohortId, i32), i64>, LoadError> {
        let mut cohorts: Vec<CohortId> = keys.iter().map(|(cohort, _)| cohort.clone()).collect();
        cohorts.sort();
        cohorts.dedup();
        let waitlists = batch(&self.0, &cohorts, enrollment_store::waitlist_numbers, |(cohort, number), map| {
            map.entry(cohort).or_insert_with(Vec::new).push(number);
        })
        .await?;
        let mut positions = HashMap::new();
        for (cohort, numbers) in waitlists {
            for (index, number) in numbers.into_iter().enumerate() {
                positions.insert((cohort.clone(), number), index as i64 + 1);
            }
        }
        Ok(positions)
    }
}
