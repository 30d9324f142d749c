"""Everything public: the one public queryset and serializer, the registry's pages and their
cursors, the open data (CSV, JSON, Atom), badges, organizations' public profiles, statistics,
the sitemap, and the counts."""
