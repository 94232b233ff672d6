-- Storage keys are the server's (issue #21). `audio_key` and `trimmed_audio_key` were in the
-- insert grant of signed-in users, so a member could write a row naming another
-- organisation's objects, and the Worker trusted it. The Worker now derives every key from the
-- row's organisation, id and file (worker/services/storage-keys.ts) and never reads these
-- columns to reach storage; they stay as a record the server writes (service role), and
-- nobody else can write them.

revoke insert (audio_key, trimmed_audio_key) on public.call_analyses from authenticated;
