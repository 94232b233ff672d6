-- The `campaign.detected` webhook event (issue #25): raised when a campaign's calls in the last
-- 24 hours reach the organisation's `campaign_alert_calls_per_day`. An integration may now
-- subscribe to six event types.
alter type public.webhook_event_type add value 'campaign.detected';

alter table public.integrations drop constraint integrations_events_check;
alter table public.integrations
  add constraint integrations_events_check check (cardinality(events) between 1 and 6);
