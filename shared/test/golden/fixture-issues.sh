#!/bin/sh
# GitHub issues for the actions of the post-mortem "Checkout outage: database connection pool exhausted", made by Hindsight.
# Run it inside a clone of the repository (or with GH_REPO=owner/name set), with the gh CLI logged in.
set -eu

gh label create 'post-mortem' --force >/dev/null
gh label create 'priority: high' --force >/dev/null
gh label create 'priority: medium' --force >/dev/null
gh label create 'priority: low' --force >/dev/null

gh 'issue' 'create' '--title' 'AI-001: Return DB connections on the payment error path in order-service' '--body' 'From the post-mortem **Checkout outage: database connection pool exhausted** (action AI-001).

- **Owner:** Priya Raman
- **Due date:** 2026-11-27
- **Priority:** High
- **Status:** In progress
- **Addresses:** Theme: Connection pool exhaustion

Wrap the handler in try/finally and add a regression test that fails a payment.' '--label' 'post-mortem' '--label' 'priority: high'
gh 'issue' 'create' '--title' 'AI-002: Add per-service pool saturation alert at 80% to the checkout dashboard' '--body' 'From the post-mortem **Checkout outage: database connection pool exhausted** (action AI-002).

- **Owner:** Sam Lee
- **Due date:** 2026-12-04
- **Priority:** High
- **Status:** Open
- **Addresses:** Theme: Alerting was late and noisy' '--label' 'post-mortem' '--label' 'priority: high'
gh 'issue' 'create' '--title' 'AI-003: Improve monitoring' '--body' 'From the post-mortem **Checkout outage: database connection pool exhausted** (action AI-003).

- **Owner:** not assigned yet
- **Due date:** none yet
- **Priority:** Medium
- **Status:** Open
- **Addresses:** Theme: Alerting was late and noisy' '--label' 'post-mortem' '--label' 'priority: medium'
gh 'issue' 'create' '--title' 'AI-004: Require a canary stage for order-service deploys' '--body' 'From the post-mortem **Checkout outage: database connection pool exhausted** (action AI-004).

- **Owner:** Platform team
- **Due date:** 2026-12-18
- **Priority:** Medium
- **Status:** Open
- **Addresses:** Theme: Release process' '--label' 'post-mortem' '--label' 'priority: medium'
gh 'issue' 'create' '--title' 'AI-005: Trigger the support notification when a SEV-2 is declared' '--body' 'From the post-mortem **Checkout outage: database connection pool exhausted** (action AI-005).

- **Owner:** Mei Chen
- **Due date:** 2026-12-11
- **Priority:** Low
- **Status:** Done
- **Addresses:** Theme: Customer communication' '--label' 'post-mortem' '--label' 'priority: low'
