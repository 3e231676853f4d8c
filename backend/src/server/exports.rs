//! `GET /exports/consultations/{slug}/comments.csv` and `.json`: the open-data files of a
//! consultation (see `consultations::open_data`), streamed chunk by chunk. A bearer token is
//! optional; the consultation's officials get confidential comments too.

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_DISPOSITION, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::stream;

use super::AppState;
use super::client_address::client_address;
use super::request_middleware::request_id;
use crate::consultations::model::CommentId;
use crate::consultations::open_data::service::{self as export, COLUMNS, ExportRow, ExportScope};
use crate::error::AppError;
use crate::graphql::errors::error_response;
use crate::request::CallerFacts;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// Serves one export file.
pub async fn comments(
    state: web::Data<AppState>,
    http: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (slug, file) = path.into_inner();
    let facts = CallerFacts {
        request_id: request_id(&http),
        explicit_locale: None,
        accept_language: header(&http, actix_web::http::header::ACCEPT_LANGUAGE),
        authorization: header(&http, AUTHORIZATION),
        client_address: client_address(&http, &state.services.config.trusted_proxies),
    };
    let format = match file.as_str() {
        "comments.csv" => Format::Csv,
        "comments.json" => Format::Json,
        _ => return fail(&state, &facts, None, StatusCode::NOT_FOUND, AppError::NotFound),
    };
    let principal = match facts.authenticate(&state.services).await {
        Ok(principal) => principal,
        Err(error) => return fail(&state, &facts, None, StatusCode::UNAUTHORIZED, error),
    };
    let scope = match export::open(&state.services, principal.as_deref(), slug.clone()).await {
        Ok(scope) => scope,
        Err(error) => {
            let status = if matches!(error, AppError::NotFound) {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            return fail(&state, &facts, principal, status, error);
        }
    };
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let disposition = format!("attachment; filename=\"{slug}-comments.{extension}\"");
    let mut response = HttpResponse::Ok();
    response.content_type(content_type);
    // What an official downloads may hold confidential text: no shared cache may keep it.
    let caching = if principal.is_some() { "private, no-store" } else { "public, max-age=60" };
    response.insert_header((CACHE_CONTROL, caching));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.insert_header((CONTENT_DISPOSITION, value));
    }
    response.streaming(body(state.into_inner(), scope, format))
}

/// Where the stream is: before the first chunk, after some rows, or done.
enum Position {
    Start,
    After(Option<CommentId>),
    Done,
}

fn body(
    state: std::sync::Arc<AppState>,
    scope: ExportScope,
    format: Format,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    stream::unfold(Position::Start, move |position| {
        let state = state.clone();
        let scope = scope.clone();
        async move {
            let (after, first) = match position {
                Position::Start => (None, true),
                Position::After(after) => (after, false),
                Position::Done => return None,
            };
            let rows = match export::chunk(&state.services, scope, after).await {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::error!(?error, "an export stopped");
                    return Some((Err(actix_web::error::ErrorInternalServerError("export failed")), Position::Done));
                }
            };
            let finished = (rows.len() as i64) < export::CHUNK;
            let mut text = String::new();
            if first {
                text.push_str(match format {
                    Format::Csv => "",
                    Format::Json => "[",
                });
                if format == Format::Csv {
                    text.push_str(&csv_line(COLUMNS.iter().map(|column| (*column).to_owned())));
                }
            }
            for (index, row) in rows.iter().enumerate() {
                match format {
                    Format::Csv => text.push_str(&csv_line(row.cells())),
                    Format::Json => {
                        if !(first && index == 0) {
                            text.push(',');
                        }
                        text.push_str(&json_row(row));
                    }
                }
            }
            if finished && format == Format::Json {
                text.push(']');
            }
            let next = if finished { Position::Done } else { Position::After(export::last_id(&rows)) };
            Some((Ok(Bytes::from(text)), next))
        }
    })
}

fn json_row(row: &ExportRow) -> String {
    serde_json::to_string(row).unwrap_or_else(|_| "null".to_owned())
}

/// One CSV record (RFC 4180). A cell that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so opening open data
/// never executes anything.
fn csv_line(cells: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = cells.into_iter().map(|cell| csv_cell(&cell)).collect();
    format!("{}\r\n", cells.join(","))
}

fn csv_cell(cell: &str) -> String {
    let defused = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() };
    if defused.contains([',', '"', '\n', '\r']) { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

fn header(http: &HttpRequest, name: actix_web::http::header::HeaderName) -> Option<String> {
    http.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

fn fail(
    state: &AppState,
    facts: &CallerFacts,
    principal: Option<std::sync::Arc<crate::auth::Principal>>,
    status: StatusCode,
    error: AppError,
) -> HttpResponse {
    let context = facts.context(&state.services.localizer, principal, None);
    let body = error_response(error, &context, &state.services.localizer, &state.metrics);
    HttpResponse::build(status).json(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_line(["a".to_owned(), "b".to_owned()]), "a,b\r\n");
    }
}
