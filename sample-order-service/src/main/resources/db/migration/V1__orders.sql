create table orders (
    id              uuid         primary key,
    user_id         bigint       not null,
    product         varchar(100) not null,
    quantity        integer      not null check (quantity > 0),
    -- a client's Idempotency-Key: a repeated POST finds the first order here instead of creating another
    idempotency_key varchar(100) unique,
    placed_at       timestamptz  not null
);
