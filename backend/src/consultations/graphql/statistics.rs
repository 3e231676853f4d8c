//! `participationStats` and the campaign of a comment, as the API shows them: counts from 1 to 4
//! by who the authors are withheld ("fewer than 5", in the reader's language; see
//! `statistics` for what this protects), cells typed by the enums clients already know.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};

use super::comment::CommentObject;
use super::consultation::ConsultationObject;
use super::round::CommentRoundObject;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::campaigns::service::CAMPAIGN_SIZE;
use crate::consultations::model::{CommentRound, RoundId, StakeholderKind, Stance};
use crate::consultations::statistics::counters::{UNKNOWN, dimension, texts};
use crate::consultations::statistics::service::{self as statistics, Campaign, Figures, Participation, PublishedCount};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::identity::countries::model::{IncomeGroup, Region};

/// The most campaigns `largestCampaigns` returns.
const MAX_CAMPAIGNS: i32 = 50;

/// A count as published. From 1 to 4 it is withheld so that nobody can be identified (in the
/// breakdowns by who the authors are; stance counts are exact).
#[derive(SimpleObject)]
pub struct StatCount {
    /// The number; null when it is withheld (from 1 to 4).
    pub value: Option<i32>,
    /// Whether the count is withheld (from 1 to 4, in a breakdown by who the authors are).
    pub fewer_than_five: bool,
    /// The count as a reader should see it: the number, or "fewer than 5" in the request's language.
    pub display: String,
}

impl StatCount {
    /// The count of a cell of `dimension`, withheld from 1 to 4 if the dimension protects small groups.
    fn new(ctx: &Context<'_>, dimension: &str, count: i64) -> async_graphql::Result<Self> {
        let published = if statistics::withholds_small_counts(dimension) {
            PublishedCount::of(count)
        } else {
            PublishedCount::Exact(count)
        };
        Ok(match published {
            PublishedCount::Exact(count) => {
                let value = i32::try_from(count).unwrap_or(i32::MAX);
                Self { value: Some(value), fewer_than_five: false, display: value.to_string() }
            }
            PublishedCount::FewerThanFive => {
                let display = ctx.services()?.localizer.message(&ctx.request()?.locale, "stats-fewer-than-five", &[]);
                Self { value: None, fewer_than_five: true, display }
            }
        })
    }
}

/// Comments by the kind of stakeholder who wrote them (people for themselves are `INDIVIDUAL`).
#[derive(SimpleObject)]
pub struct StakeholderKindCount {
    /// The kind of stakeholder.
    pub kind: StakeholderKind,
    /// Their comments.
    pub comments: StatCount,
}

/// Comments by the World Bank income group of their authors' countries.
#[derive(SimpleObject)]
pub struct IncomeGroupCount {
    /// Null for authors who gave no country (or a country without a group).
    pub income_group: Option<IncomeGroup>,
    /// Their comments.
    pub comments: StatCount,
}

/// Comments by the UN (M49) region of their authors' countries.
#[derive(SimpleObject)]
pub struct RegionCount {
    /// Null for authors who gave no country.
    pub region: Option<Region>,
    /// Their comments.
    pub comments: StatCount,
}

/// Comments by the language they are written in.
#[derive(SimpleObject)]
pub struct LanguageCount {
    /// A BCP 47 language tag.
    pub language: String,
    /// The comments in it.
    pub comments: StatCount,
}

/// Comments by stance.
#[derive(SimpleObject)]
pub struct StanceCount {
    /// The stance.
    pub stance: Stance,
    /// The comments that take it.
    pub comments: StatCount,
}

/// The statistics of a consultation or round, as the API shows them.
pub struct ParticipationStatsObject(pub Participation);

/// Who took part in a consultation, or in one of its rounds: published comments (replies
/// included) counted as they arrive. In the breakdowns by who the authors are (stakeholder
/// kind, income group, region, language), counts from 1 to 4 are withheld, and comment lists
/// filtered by those attributes are withheld alike; stance counts and the totals are exact.
/// Values with no comment are left out. Public.
#[Object(name = "ParticipationStats")]
impl ParticipationStatsObject {
    /// The consultation.
    async fn consultation(&self) -> ConsultationObject {
        ConsultationObject(self.0.consultation.clone())
    }

    /// The round, when the statistics are of one round; null for the whole consultation.
    async fn round(&self) -> Option<CommentRoundObject> {
        self.0.round.clone().map(CommentRoundObject)
    }

    /// Published comments in all (exact: the listings show them all anyway).
    async fn comments(&self) -> i32 {
        self.exact(dimension::TOTAL, "")
    }

    /// By kind of stakeholder, largest first.
    async fn by_stakeholder_kind(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<StakeholderKindCount>> {
        self.cells(ctx, dimension::STAKEHOLDER_KIND, StakeholderKind::from_stored, |kind, comments| {
            StakeholderKindCount { kind, comments }
        })
    }

    /// By country income group, largest first.
    async fn by_income_group(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IncomeGroupCount>> {
        self.cells(ctx, dimension::INCOME_GROUP, known(IncomeGroup::from_stored), |income_group, comments| {
            IncomeGroupCount { income_group, comments }
        })
    }

    /// By UN region, largest first.
    async fn by_region(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RegionCount>> {
        self.cells(ctx, dimension::REGION, known(Region::from_stored), |region, comments| RegionCount {
            region,
            comments,
        })
    }

    /// By language, largest first.
    async fn by_language(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LanguageCount>> {
        self.cells(
            ctx,
            dimension::LANGUAGE,
            |value| Some(value.to_owned()),
            |language, comments| LanguageCount { language, comments },
        )
    }

    /// By stance, largest first; exact, since a stance is what a comment says (each shows it),
    /// not who wrote it.
    async fn by_stance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<StanceCount>> {
        self.cells(ctx, dimension::STANCE, Stance::from_stored, |stance, comments| StanceCount { stance, comments })
    }

    /// Distinct texts: comments with the same text (ignoring case, whitespace and punctuation)
    /// in one round count once; confidential comments are never compared and count as texts of
    /// their own. Summed over the rounds for a consultation.
    async fn unique_texts(&self) -> i32 {
        self.exact(dimension::TEXTS, texts::UNIQUE)
    }

    /// Campaigns: texts submitted at least twice in one round.
    async fn campaigns(&self) -> i32 {
        self.exact(dimension::TEXTS, texts::CAMPAIGNS)
    }

    /// Comments that belong to a campaign.
    async fn comments_in_campaigns(&self) -> i32 {
        self.exact(dimension::TEXTS, texts::IN_CAMPAIGNS)
    }

    /// The largest campaigns, largest first, each with its first comment.
    async fn largest_campaigns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many campaigns (default 5, at most 50).", default = 5)] first: i32,
    ) -> async_graphql::Result<Vec<CampaignObject>> {
        let limit = i64::from(first.clamp(0, MAX_CAMPAIGNS));
        let round = self.0.round.as_ref().map(|round| round.id.clone());
        let found =
            statistics::largest_campaigns(ctx.services()?, self.0.consultation.id.clone(), round, limit).await?;
        let access = Arc::new(ConsultationAccess::default());
        Ok(found.into_iter().map(|campaign| CampaignObject { campaign, access: Arc::clone(&access) }).collect())
    }
}

impl ParticipationStatsObject {
    fn figures(&self) -> &Figures {
        &self.0.figures
    }

    fn exact(&self, dimension: &str, value: &str) -> i32 {
        i32::try_from(self.figures().count(dimension, value)).unwrap_or(i32::MAX)
    }

    /// The non-zero cells of a dimension whose stored values `parse` understands.
    fn cells<K, C>(
        &self,
        ctx: &Context<'_>,
        dimension: &str,
        parse: impl Fn(&str) -> Option<K>,
        cell: impl Fn(K, StatCount) -> C,
    ) -> async_graphql::Result<Vec<C>> {
        let mut cells = Vec::new();
        for (value, count) in self.figures().cells(dimension) {
            if let Some(key) = parse(&value) {
                cells.push(cell(key, StatCount::new(ctx, dimension, count)?));
            }
        }
        Ok(cells)
    }
}

/// Parses a stored value that may be [`UNKNOWN`] (no country): `Some(None)` then.
fn known<T>(parse: fn(&str) -> Option<T>) -> impl Fn(&str) -> Option<Option<T>> {
    move |value| if value == UNKNOWN { Some(None) } else { parse(value).map(Some) }
}

/// A campaign with the reader's standing.
pub struct CampaignObject {
    pub campaign: Campaign,
    /// The reader's standing, for the first comment (public for the statistics).
    pub access: Arc<ConsultationAccess>,
}

/// A group of identical texts submitted at least twice in one round. Nothing of it is dropped:
/// every comment stays listed unless a listing asks for `collapseCampaigns`.
#[Object(name = "Campaign")]
impl CampaignObject {
    /// A key shared by the comments of this group (stable; opaque).
    async fn key(&self) -> ID {
        ID(format!("{}:{}", self.campaign.round_id, self.campaign.fingerprint))
    }

    /// How many published comments of the round have this text.
    async fn size(&self) -> i32 {
        i32::try_from(self.campaign.size).unwrap_or(i32::MAX)
    }

    /// The round.
    async fn round(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentRoundObject>> {
        let round: Option<CommentRound> = ctx
            .loaders()?
            .consultations
            .rounds
            .load_one(self.campaign.round_id.clone())
            .await
            .map_err(AppError::from)?;
        Ok(round.map(CommentRoundObject))
    }

    /// The first published comment of the group (what a collapsed listing shows for it).
    async fn first_comment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentObject>> {
        let key = (self.campaign.round_id.clone(), self.campaign.fingerprint.clone());
        let first = ctx.loaders()?.consultations.campaign_first_comments.load_one(key).await.map_err(AppError::from)?;
        Ok(first.map(|comment| CommentObject::new(comment, Arc::clone(&self.access))))
    }
}

/// The campaign a comment belongs to, if its text group has at least two published comments.
pub async fn campaign_of(
    ctx: &Context<'_>,
    round: &RoundId,
    fingerprint: Option<&String>,
    access: &Arc<ConsultationAccess>,
) -> async_graphql::Result<Option<CampaignObject>> {
    let Some(fingerprint) = fingerprint else { return Ok(None) };
    let key = (round.clone(), fingerprint.clone());
    let size = ctx.loaders()?.consultations.campaign_sizes.load_one(key).await.map_err(AppError::from)?.unwrap_or(0);
    Ok((size >= CAMPAIGN_SIZE).then(|| CampaignObject {
        campaign: Campaign { round_id: round.clone(), fingerprint: fingerprint.clone(), size },
        access: Arc::clone(access),
    }))
}
