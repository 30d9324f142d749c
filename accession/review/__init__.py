"""The coordinators' review desk: the queue, taking and deciding requests, due process for
signatories (suspension, reinstatement, expulsion with four eyes), recusal, and the record of
every view of private data."""
