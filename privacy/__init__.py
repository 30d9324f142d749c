"""A person's rights over their data and the site's own forgetting: the privacy page, the data
download, account erasure, and retention (`purge_expired`)."""
