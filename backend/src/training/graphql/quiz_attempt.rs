//! `QuizAttempt`: a graded attempt, with what each answer earned and why. The right choices are
//! shown once the quiz is passed or no attempt is left, so that a retry still tests the trainee.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::quiz::QuizObject;
use super::{QUIZ_ATTEMPT_KIND, QUIZ_KIND, localized};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::enrollment::model::QuizAttempt;
use crate::training::model::{Quiz, QuizTranslation};

/// A quiz attempt as the API shows it.
pub struct QuizAttemptObject(pub QuizAttempt);

/// What one answer earned.
#[derive(SimpleObject)]
#[graphql(name = "QuestionResult")]
pub struct QuestionResultObject {
    /// The question's ID in its quiz.
    question_id: String,
    /// The choices the trainee picked.
    chosen_choice_ids: Vec<String>,
    /// Whether exactly the right choices were picked.
    correct: bool,
    /// The right choices: shown once the quiz is passed or no attempt is left, else null.
    correct_choice_ids: Option<Vec<String>>,
    /// Why the right answer is right, in the request's locale (or the closest available).
    explanation: String,
}

impl QuizAttemptObject {
    async fn quiz(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Quiz>> {
        let quiz = ctx.loaders()?.training.quizzes_by_id.load_one(self.0.quiz_id.clone()).await;
        Ok(quiz.map_err(AppError::from)?)
    }
}

/// One graded attempt at a quiz.
#[Object(name = "QuizAttempt")]
impl QuizAttemptObject {
    /// The attempt's global ID.
    pub async fn id(&self) -> ID {
        GlobalId::new(QUIZ_ATTEMPT_KIND, self.0.id.as_str()).encode()
    }

    /// The quiz's global ID.
    async fn quiz_id(&self) -> ID {
        GlobalId::new(QUIZ_KIND, self.0.quiz_id.as_str()).encode()
    }

    /// The quiz answered (null if it has since left the course).
    #[graphql(name = "quiz")]
    async fn quiz_object(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<QuizObject>> {
        Ok(self.quiz(ctx).await?.map(QuizObject))
    }

    /// 1 for the first attempt.
    async fn attempt(&self) -> i32 {
        self.0.attempt
    }

    /// Questions answered right.
    async fn score(&self) -> i32 {
        self.0.score
    }

    /// Questions asked.
    async fn max_score(&self) -> i32 {
        self.0.max_score
    }

    /// The score as a whole percentage.
    async fn percent(&self) -> i32 {
        if self.0.max_score == 0 { 0 } else { self.0.score * 100 / self.0.max_score }
    }

    /// Whether the score reached the course's pass mark.
    async fn passed(&self) -> bool {
        self.0.passed
    }

    /// How many attempts at this quiz remain after this one (0 once passed).
    async fn attempts_left(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        if self.0.passed {
            return Ok(0);
        }
        Ok(self.quiz(ctx).await?.map_or(0, |quiz| (quiz.max_attempts - self.0.attempt).max(0)))
    }

    /// Each question's result, in quiz order.
    async fn results(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<QuestionResultObject>> {
        let Some(quiz) = self.quiz(ctx).await? else { return Ok(Vec::new()) };
        let translations = ctx.loaders()?.training.quiz_translations.load_one(quiz.id.clone()).await;
        let translations: Vec<QuizTranslation> = translations.map_err(AppError::from)?.unwrap_or_default();
        let shown = localized(ctx, &translations)?.map(QuizTranslation::questions).unwrap_or_default();
        let original = translations.iter().find(|t| t.translates_version.is_none()).map(QuizTranslation::questions);
        let original = original.unwrap_or_default();
        let reveal = self.0.passed || self.0.attempt >= quiz.max_attempts;
        let answers = self.0.answers();
        Ok(quiz
            .questions()
            .into_iter()
            .map(|question| {
                let chosen = answers.get(&question.id).cloned().unwrap_or_default();
                let explanation = [shown.get(&question.id), original.get(&question.id)]
                    .into_iter()
                    .flatten()
                    .map(|text| text.explanation.clone())
                    .next()
                    .unwrap_or_default();
                let right: Vec<String> =
                    question.choices.iter().filter(|choice| choice.correct).map(|choice| choice.id.clone()).collect();
                QuestionResultObject {
                    correct: question.is_correct(&chosen),
                    question_id: question.id,
                    chosen_choice_ids: chosen,
                    correct_choice_ids: reveal.then_some(right),
                    explanation,
                }
            })
            .collect())
    }

    /// When it was submitted.
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at.and_utc()
    }
}
