"""The review desk's import of earlier accessions: upload, preview, confirm.

The preview stores the file nowhere: its text travels back with the confirmation in a signed
form field, bound to the coordinator and valid for an hour. Nothing of it outlives the request
on the server (a session or a temporary file would keep names and internal notes in a store
not meant for them), and the signature means that what is confirmed is what was previewed.
The confirmation checks everything again before it writes.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accession.models import INDIVIDUAL_LISTINGS, ORGANIZATION_LISTINGS, Kind, Listing
from common.regions import Region
from organizations.models import Organization

from . import imports
from .views import coordinator_required

SALT = "accession.review.import_views.preview"
PREVIEW_SECONDS = 60 * 60


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, comma- or semicolon-separated, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB: split it into several."))
        return upload.read()


def _codes(choices, allowed=None):
    return [(value, label) for value, label in choices if allowed is None or value in allowed]


def _upload_page(request, form, status=200):
    return render(
        request,
        "review/import.html",
        {
            "form": form,
            "max_rows": imports.MAX_ROWS,
            "kinds": Kind.choices,
            "organization_kinds": Organization.Kind.choices,
            "registration_statuses": Organization.RegistrationStatus.choices,
            "regions": Region.choices,
            "organization_listings": _codes(Listing.choices, ORGANIZATION_LISTINGS),
            "individual_listings": _codes(Listing.choices, INDIVIDUAL_LISTINGS),
        },
        status=status,
    )


def _preview(request, result, token=""):
    return render(
        request,
        "review/import_preview.html",
        {"plan": result, "token": token, "form": UploadForm()},
    )


@coordinator_required
def upload(request):
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.cleaned_data["file"]
    result = imports.carry_over(request.user, data, dry_run=True)
    token = ""
    if not result.problems:
        # utf-8-sig read it; what is signed is the text, which re-encodes to the same rows.
        text = data.decode("utf-8-sig")
        token = signing.dumps({"by": request.user.pk, "csv": text}, salt=SALT, compress=True)
    return _preview(request, result, token)


# Names and notes travel in the preview: never in an error report.
@sensitive_post_parameters("preview")
@require_POST
@coordinator_required
def confirm(request):
    try:
        preview = signing.loads(request.POST.get("preview", ""), salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature:
        preview = None
    if not preview or preview.get("by") != request.user.pk:
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("review:import")
    try:
        result = imports.carry_over(request.user, preview["csv"].encode())
    except imports.ImportFailed as error:
        messages.error(request, str(error))
        return redirect("review:import")
    if result.problems:
        # The registry changed since the preview: say what is wrong now.
        messages.error(request, _("Nothing was imported: the file no longer passes the checks."))
        return _preview(request, result)
    messages.success(
        request,
        ngettext(
            "%(count)s signatory carried over.",
            "%(count)s signatories carried over.",
            len(result.new),
        )
        % {"count": len(result.new)},
    )
    return redirect("review:import")


@coordinator_required
def template(request):
    # With a byte-order mark, so that a spreadsheet opens and saves it as UTF-8.
    response = HttpResponse(
        "\ufeff" + ",".join(imports.COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="signatories.csv"'
    return response
