//! `Quiz`: a module's questions and their choices as a trainee sees them before answering.
//!
//! The stored quiz knows which choices are correct and explains each answer; neither is part of
//! these types, so no query can reveal them. They belong to quiz attempts.

use std::collections::BTreeMap;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};

use super::{QUIZ_KIND, localized};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::GlobalId;
use crate::training::content::{Question, QuestionKind, QuestionText};
use crate::training::model::{Quiz, QuizTranslation};

/// A quiz as the API shows it.
pub struct QuizObject(pub Quiz);

/// How a question is answered.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "QuestionKind")]
pub enum QuizQuestionKind {
    /// Exactly one choice is right.
    Single,
    /// One or more choices are right; a question counts only when exactly those are chosen.
    Multiple,
}

impl From<QuestionKind> for QuizQuestionKind {
    fn from(kind: QuestionKind) -> Self {
        match kind {
            QuestionKind::Single => Self::Single,
            QuestionKind::Multiple => Self::Multiple,
        }
    }
}

/// A question of a quiz.
#[derive(SimpleObject)]
#[graphql(name = "QuizQuestion")]
pub struct QuizQuestionObject {
    /// The question's ID in its quiz (not a global ID): stable across versions and translations,
    /// and what an answer names.
    id: String,
    /// Whether one or several choices are right.
    kind: QuizQuestionKind,
    /// The question, in the quiz's locale (or the original where the translation lacks it).
    prompt: String,
    /// The choices, in order.
    choices: Vec<QuizChoiceObject>,
}

/// A choice offered by a quiz question.
#[derive(SimpleObject)]
#[graphql(name = "QuizChoice")]
pub struct QuizChoiceObject {
    /// The choice's ID in its question (not a global ID): stable across versions and
    /// translations, and what an answer names.
    id: String,
    /// The choice, in the quiz's locale (or the original where the translation lacks it).
    text: String,
}

impl QuizObject {
    async fn translations_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<QuizTranslation>> {
        let loaded = ctx.loaders()?.training.quiz_translations.load_one(self.0.id.clone()).await;
        Ok(loaded.map_err(AppError::from)?.unwrap_or_default())
    }
}

/// The question as a trainee sees it: `shown` is the text in the reader's locale, `original`
/// fills what it lacks.
fn as_shown(
    question: Question,
    shown: &BTreeMap<String, QuestionText>,
    original: &BTreeMap<String, QuestionText>,
) -> QuizQuestionObject {
    let texts = [shown.get(&question.id), original.get(&question.id)];
    let prompt = texts.iter().flatten().map(|text| text.prompt.clone()).next().unwrap_or_default();
    let choices = question
        .choices
        .into_iter()
        .map(|choice| {
            let text = texts.iter().flatten().find_map(|text| text.choices.get(&choice.id)).cloned();
            QuizChoiceObject { text: text.unwrap_or_default(), id: choice.id }
        })
        .collect();
    QuizQuestionObject { id: question.id, kind: question.kind.into(), prompt, choices }
}

/// A module's quiz. Trainees answer it within a cohort; this shows the questions and choices
/// only, never which choices are right.
#[Object(name = "Quiz")]
impl QuizObject {
    /// The quiz's global ID; it stays the same when the quiz's text is edited.
    pub async fn id(&self) -> ID {
        GlobalId::new(QUIZ_KIND, self.0.id.as_str()).encode()
    }

    /// How many times a trainee may attempt it.
    async fn max_attempts(&self) -> i32 {
        self.0.max_attempts
    }

    /// The questions, in order, in the request's locale (or the closest available).
    async fn questions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<QuizQuestionObject>> {
        let translations = self.translations_of(ctx).await?;
        let shown = localized(ctx, &translations)?.map(QuizTranslation::questions).unwrap_or_default();
        let original = translations.iter().find(|t| t.translates_version.is_none()).map(QuizTranslation::questions);
        let original = original.unwrap_or_default();
        Ok(self.0.questions().into_iter().map(|question| as_shown(question, &shown, &original)).collect())
    }

    /// The locale of the questions shown (it may differ from the request's).
    async fn locale(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let translations = self.translations_of(ctx).await?;
        Ok(localized(ctx, &translations)?.map(|t| t.locale.clone()).unwrap_or_default())
    }
}
