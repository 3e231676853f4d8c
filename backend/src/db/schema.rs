//! Diesel's description of the tables, shared by both engines.
//!
//! Written by hand to match `schema/migrations/{sqlite,postgres}`: only column types that both
//! engines share are used (IDs and JSON as `Text`, times as UTC `Timestamp`).

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        message_id -> Text,
        template -> Text,
        recipient_address -> Text,
        recipient_name -> Nullable<Text>,
        locale -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamp,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(server_secrets, mail_outbox,);
