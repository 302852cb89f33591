create table users (
    id          bigint generated always as identity primary key,
    name        varchar(100) not null,
    email       varchar(254) not null unique,
    order_count bigint       not null default 0,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);
