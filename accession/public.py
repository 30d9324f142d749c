"""The one public queryset: every public output starts here, so the privacy rule lives once."""

from .models import Accession, Listing, Status


def listed_accessions():
    """Approved accessions whose signatory chose to be named and is not hidden."""
    return Accession.objects.filter(status=Status.APPROVED, hidden_at__isnull=True).exclude(
        listing=Listing.COUNTED
    )
