-- The date of the first reply a handler wrote, kept on the report so the follow-up figures are
-- one pass over dates instead of a look into the messages of every report.
ALTER TABLE report ADD COLUMN first_reply_on DATE NULL;
UPDATE report r SET first_reply_on = (SELECT MIN(m.written_on) FROM message m WHERE m.report_id = r.id AND m.author = 'handler');

-- The insights count reports by month: covering indexes, so a year of counts reads only the index.
ALTER TABLE report ADD KEY report_counted (submitted_on, escrow, routed_to, category, unit, anonymity);
ALTER TABLE report ADD KEY report_followed_up (submitted_on, escrow, first_reply_on, acknowledge_by, feedback_by, closed_on,
                                              reporter_returned);
ALTER TABLE report ADD KEY report_open (status, first_reply_on, feedback_by, first_reply_by);
