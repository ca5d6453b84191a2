/**
 * The postgres warm store: Micronaut Data JDBC + Liquibase, month-partitioned, append-only (issue 4).
 * Nothing here yet: the module exists so the reactor and its arrows are fixed from the start.
 */
package dev.custody.adapters.postgres;
