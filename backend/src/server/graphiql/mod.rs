//! The GraphiQL IDE, for people exploring the API in a browser.

use actix_web::HttpResponse;
use async_graphql::http::GraphiQLSource;

pub async fn page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .title("Agora GraphiQL")
            .finish(),
    )
}
