// Written by hand with types valid on both SQLite and PostgreSQL (MultiBackend).
// Keep in step with migrations/sqlite and migrations/postgres.

diesel::table! {
    server_settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        public_id -> Text,
        email -> Text,
        email_lower -> Text,
        display_name -> Text,
        password_hash -> Text,
        locale -> Nullable<Text>,
        is_server_admin -> Bool,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        record_name -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        device -> Nullable<Text>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        email_lower -> Text,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    reset_requests (id) {
        id -> BigInt,
        email_lower -> Text,
        account_id -> Nullable<BigInt>,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        account_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_preferences (account_id, kind) {
        account_id -> BigInt,
        kind -> Text,
        enabled -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        account_id -> Nullable<BigInt>,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        unsubscribe_url -> Nullable<Text>,
        message_id -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        leased_by -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    coops (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        time_zone -> Text,
        locale -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        show_not_voted -> Bool,
    }
}

diesel::table! {
    rulebook_versions (id) {
        id -> BigInt,
        coop_id -> BigInt,
        version -> Integer,
        body -> Text,
        origin -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        coop_id -> BigInt,
        account_id -> BigInt,
        college -> Nullable<Text>,
        is_admin -> Bool,
        is_board -> Bool,
        shares -> BigInt,
        admitted_at -> Timestamp,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        change -> Text,
        changed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        coop_id -> BigInt,
        email -> Text,
        email_lower -> Text,
        college -> Nullable<Text>,
        role -> Text,
        token_hash -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        sent_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<BigInt>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    proxies (id) {
        id -> BigInt,
        coop_id -> BigInt,
        giver_id -> BigInt,
        holder_id -> BigInt,
        proposal_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        coop_id -> BigInt,
        seq -> BigInt,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
        kind -> Text,
        data -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    threads (id) {
        id -> BigInt,
        coop_id -> BigInt,
        author_id -> BigInt,
        title -> Text,
        body -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<BigInt>,
        comment_count -> BigInt,
        last_activity_at -> Timestamp,
    }
}

diesel::table! {
    thread_versions (id) {
        id -> BigInt,
        coop_id -> BigInt,
        thread_id -> BigInt,
        version -> Integer,
        title -> Text,
        body -> Text,
        editor_id -> Nullable<BigInt>,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        coop_id -> BigInt,
        thread_id -> BigInt,
        author_id -> BigInt,
        body -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    comment_versions (id) {
        id -> BigInt,
        coop_id -> BigInt,
        comment_id -> BigInt,
        version -> Integer,
        body -> Text,
        editor_id -> Nullable<BigInt>,
        edited_at -> Timestamp,
    }
}

diesel::joinable!(threads -> accounts (author_id));
diesel::joinable!(comments -> accounts (author_id));
diesel::joinable!(comments -> threads (thread_id));

diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(api_tokens -> accounts (account_id));
diesel::joinable!(password_resets -> accounts (account_id));
diesel::joinable!(memberships -> accounts (account_id));
diesel::joinable!(memberships -> coops (coop_id));
diesel::joinable!(rulebook_versions -> coops (coop_id));
diesel::joinable!(invitations -> coops (coop_id));
diesel::joinable!(audit_events -> coops (coop_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_settings,
    accounts,
    sessions,
    login_failures,
    password_resets,
    reset_requests,
    api_tokens,
    mail_preferences,
    outbox,
    coops,
    rulebook_versions,
    memberships,
    invitations,
    proxies,
    audit_events,
    threads,
    thread_versions,
    comments,
    comment_versions,
    proposals,
    roll,
    ballots,
    who_voted,
    payout_rule_versions,
);

diesel::table! {
    proposals (id) {
        id -> BigInt,
        coop_id -> BigInt,
        thread_id -> Nullable<BigInt>,
        author_id -> Nullable<BigInt>,
        title -> Text,
        details -> Text,
        method -> Text,
        options -> Text,
        ranked_rule -> Text,
        score_min -> BigInt,
        score_max -> BigInt,
        dots_per_voter -> Nullable<BigInt>,
        decision_class -> Text,
        call_kind -> Text,
        reruns_id -> Nullable<BigInt>,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        state -> Text,
        secret -> Bool,
        results_visibility -> Text,
        reason_required -> Bool,
        payload -> Nullable<Text>,
        rules -> Nullable<Text>,
        electorate -> Nullable<Text>,
        result -> Nullable<Text>,
        verdict -> Nullable<Text>,
        outcome_statement -> Nullable<Text>,
        reminded_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    roll (proposal_id, account_id) {
        coop_id -> BigInt,
        proposal_id -> BigInt,
        account_id -> BigInt,
        college -> Text,
    }
}

diesel::table! {
    ballots (id) {
        id -> BigInt,
        coop_id -> BigInt,
        proposal_id -> BigInt,
        college -> Text,
        choice -> Text,
        count -> Integer,
        voter_tag -> Text,
        account_id -> Nullable<BigInt>,
        proxy_for -> Nullable<BigInt>,
        by_proxy -> Bool,
        reason -> Nullable<Text>,
        cast_at -> Nullable<Timestamp>,
        first_cast_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sealed_ballots (proposal_id, voter_tag) {
        proposal_id -> BigInt,
        voter_tag -> Text,
        coop_id -> BigInt,
        sealed -> Text,
        by_proxy -> Bool,
    }
}

diesel::table! {
    thread_reads (account_id, thread_id) {
        account_id -> BigInt,
        thread_id -> BigInt,
        seen_comment_id -> BigInt,
    }
}

diesel::table! {
    who_voted (proposal_id, account_id) {
        coop_id -> BigInt,
        proposal_id -> BigInt,
        account_id -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    payout_rule_versions (id) {
        id -> BigInt,
        coop_id -> BigInt,
        version -> Integer,
        body -> Text,
        proposal_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

// Work log and payouts (migration 2026-11-26-000005_work); `payout_rule_versions` is above.

diesel::table! {
    work_entries (id) {
        id -> BigInt,
        coop_id -> BigInt,
        account_id -> BigInt,
        kind -> Text,
        work_date -> Text,
        title -> Nullable<Text>,
        estimate -> Nullable<BigInt>,
        status -> Text,
        created_at -> Timestamp,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        earned_on -> Nullable<Text>,
        points_awarded -> Nullable<BigInt>,
        replaces_entry -> Nullable<BigInt>,
    }
}

diesel::table! {
    payout_runs (id) {
        id -> BigInt,
        coop_id -> BigInt,
        month -> Text,
        surplus_cents -> BigInt,
        currency -> Text,
        rule_version -> Integer,
        state -> Text,
        result -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        confirmed_by -> Nullable<BigInt>,
        confirmed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    payout_lines (id) {
        id -> BigInt,
        coop_id -> BigInt,
        run_id -> BigInt,
        account_id -> BigInt,
        member_public_id -> Text,
        points -> BigInt,
        share -> Text,
        amount_cents -> BigInt,
    }
}

diesel::joinable!(work_entries -> accounts (account_id));
diesel::joinable!(payout_lines -> payout_runs (run_id));
diesel::joinable!(payout_lines -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(work_entries, payout_runs, payout_lines);
diesel::allow_tables_to_appear_in_same_query!(work_entries, accounts);
diesel::allow_tables_to_appear_in_same_query!(payout_lines, accounts);
diesel::allow_tables_to_appear_in_same_query!(payout_runs, accounts);

diesel::table! {
    notifications (id) {
        id -> BigInt,
        account_id -> BigInt,
        coop_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        subject -> Text,
        detail -> Nullable<Text>,
        path -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notification_settings (account_id, coop_id) {
        account_id -> BigInt,
        coop_id -> BigInt,
        volume -> Text,
        digest -> Bool,
        digest_sent_on -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(notifications, notification_settings);
diesel::allow_tables_to_appear_in_same_query!(notifications, accounts);
diesel::allow_tables_to_appear_in_same_query!(notification_settings, accounts);
// One's own account (migration 2026-12-07-000012_account_self_service).
diesel::table! {
    email_changes (token_hash) {
        token_hash -> Text,
        account_id -> BigInt,
        new_email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}
diesel::joinable!(email_changes -> accounts (account_id));
diesel::allow_tables_to_appear_in_same_query!(email_changes, accounts);
// A proposal's lifecycle (migration 2026-12-08-000014_proposal_lifecycle).
diesel::table! {
    proposal_versions (proposal_id, version) {
        proposal_id -> BigInt,
        version -> BigInt,
        title -> Text,
        details -> Text,
        options -> Text,
        closes_at -> Timestamp,
        edited_by -> Nullable<BigInt>,
        edited_at -> Timestamp,
    }
}
diesel::table! {
    proposal_events (id) {
        id -> BigInt,
        proposal_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
        detail -> Text,
    }
}
diesel::allow_tables_to_appear_in_same_query!(proposal_events, accounts);
diesel::allow_tables_to_appear_in_same_query!(proposal_versions, accounts);
diesel::allow_tables_to_appear_in_same_query!(proposal_events, proposals);
