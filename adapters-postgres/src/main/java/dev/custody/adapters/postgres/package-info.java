/**
 * The {@code postgres} warm store: month-partitioned, append-only in the database itself, safe for many
 * replicas (a chain-head row moved in the same transaction as the insert), Micronaut Data JDBC + Liquibase.
 */
package dev.custody.adapters.postgres;
