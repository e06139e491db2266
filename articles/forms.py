"""Forms for editors: upload (files or pasted text), review edits, leader and organisation candidates.

Uploads are checked here, by size and by content, before anything is stored: an editor gets the
reason for every refused file at once instead of a failed row later.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat

from articles.models import Article
from articles.parsers import detect_content_type
from articles.upload_limits import UploadRefusal
from pledges.choices import Category, ConditionKind, OrganisationKind, ReviewState
from pledges.models import Condition, Country, Leader, Organisation, Pledge

ACCEPTED_TYPES = "plain text (.txt), web page (.html), PDF or Word (.docx)"


@dataclass
class CheckedFile:
    """An upload that passed the checks, read into memory once."""

    name: str
    data: bytes
    content_type: str


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files in one input."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.pdf,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Size and type by content, with a message naming the file; raises ValidationError."""
    name = upload.name or "the file"
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"“{name}” is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise forms.ValidationError(f"“{name}” is larger than the limit of {filesizeformat(limit)}.")
    if not data:
        raise forms.ValidationError(f"“{name}” is empty.")
    content_type = detect_content_type(data)
    if content_type is None:
        raise forms.ValidationError(
            f"“{name}” is not a file type we can read. Upload {ACCEPTED_TYPES} files."
        )
    return CheckedFile(name=name, data=data, content_type=content_type)


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Choose files",
        required=False,
        help_text=f"One or many files: {ACCEPTED_TYPES}.",
    )
    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    title = forms.CharField(label="Title", required=False, max_length=500)
    published_on = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source_url = forms.URLField(label="Source URL", required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, refusal: UploadRefusal | None = None, **kwargs) -> None:
        """`refusal`: a limit hit while the request was parsed (see articles/upload_limits.py)."""
        super().__init__(*args, **kwargs)
        self.refusal = refusal

    def clean_files(self) -> list[CheckedFile]:
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(f"Upload at most {settings.UPLOAD_MAX_FILES} files at a time.")
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "").strip()
        if len(text.encode("utf-8")) > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"The pasted text is larger than the limit of {filesizeformat(settings.UPLOAD_MAX_BYTES)}."
            )
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.refusal:
            self.add_error(self.refusal.field, self.refusal.message)
            return cleaned
        if not self.errors and not cleaned.get("files") and not cleaned.get("text"):
            raise forms.ValidationError("Choose at least one file, or paste the text of an article.")
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=2000)


class BulkReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject")])
    pledges = forms.ModelMultipleChoiceField(
        queryset=Pledge.objects.filter(review_state=ReviewState.EXTRACTED),
        error_messages={"required": "Select at least one pledge."},
    )
    reason = forms.CharField(required=False, max_length=2000)


class PartyField(forms.ChoiceField):
    """One select for "a country or an organisation", stored as two nullable foreign keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, choices=self.party_choices, **kwargs)

    @staticmethod
    def party_choices() -> list:
        countries = [(f"country:{c.pk}", c.name) for c in Country.objects.only("pk", "name")]
        organisations = [(f"organisation:{o.pk}", o.name) for o in Organisation.objects.only("pk", "name")]
        return [("", "—"), ("Organisations and coalitions", organisations), ("Countries", countries)]

    @staticmethod
    def value_for(country_id: int | None, organisation_id: int | None) -> str:
        if country_id:
            return f"country:{country_id}"
        if organisation_id:
            return f"organisation:{organisation_id}"
        return ""

    @staticmethod
    def resolve(value: str) -> tuple[Country | None, Organisation | None]:
        if not value:
            return None, None
        kind, _, pk = value.partition(":")
        if kind == "country":
            return Country.objects.get(pk=pk), None
        return None, Organisation.objects.get(pk=pk)


class PledgeEditForm(forms.ModelForm):
    actor = PartyField(label="Actor")
    beneficiary = PartyField(label="Beneficiary", required=False)

    class Meta:
        model = Pledge
        fields = [
            "announced_by",
            "category",
            "summary",
            "amount_value",
            "amount_unit",
            "amount_approximate",
            "announced_on",
            "status",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "announced_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"amount_value": "Amount", "amount_unit": "Unit", "amount_approximate": "Approximate"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        pledge = self.instance
        self.fields["actor"].initial = PartyField.value_for(
            pledge.actor_country_id, pledge.actor_organisation_id
        )
        self.fields["beneficiary"].initial = PartyField.value_for(
            pledge.beneficiary_country_id, pledge.beneficiary_organisation_id
        )
        self.fields["announced_by"].queryset = Leader.objects.only("pk", "name")
        self.fields["category"].choices = Category.choices
        self.fields["amount_unit"].help_text = ""
        self.fields["amount_unit"].widget.attrs["placeholder"] = "EUR, USD… troops, people, items"
        self.order_fields(["actor", "announced_by", "beneficiary", "category"])

    def clean_amount_unit(self) -> str:
        unit = self.cleaned_data.get("amount_unit", "").strip()
        return unit if unit in ("troops", "percent_gdp", "people", "items") else unit.upper()

    def clean(self) -> dict:
        cleaned = super().clean()
        has_value = cleaned.get("amount_value") is not None
        has_unit = bool(cleaned.get("amount_unit"))
        if has_value and not has_unit:
            self.add_error("amount_unit", "Give the unit of the amount.")
        if has_unit and not has_value:
            self.add_error("amount_value", "Give the amount, or clear the unit.")
        return cleaned

    def save(self, commit: bool = True) -> Pledge:
        pledge = super().save(commit=False)
        pledge.actor_country, pledge.actor_organisation = PartyField.resolve(self.cleaned_data["actor"])
        pledge.beneficiary_country, pledge.beneficiary_organisation = PartyField.resolve(
            self.cleaned_data.get("beneficiary", "")
        )
        if commit:
            pledge.save()
        return pledge


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "text", "state"]
        widgets = {"text": forms.TextInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A blank first choice, so the empty "add a condition" row is left out unless filled in.
        self.fields["kind"].choices = [("", "—"), *ConditionKind.choices]


ConditionFormSet = inlineformset_factory(
    Pledge, Condition, form=ConditionForm, extra=1, can_delete=True, max_num=20
)


def proposed_conditions_formset(proposed: int):
    """The condition formset with a row for each proposed condition, plus the usual empty one."""
    return inlineformset_factory(
        Pledge, Condition, form=ConditionForm, extra=proposed + 1, can_delete=True, max_num=20
    )


class PledgeAddForm(PledgeEditForm):
    """A new pledge from a passage of the article: the edit form plus the passage's offsets."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, article: Article, **kwargs) -> None:
        self.article = article
        super().__init__(*args, **kwargs)
        self.fields["category"].help_text = "Guessed from the passage; check it."

    def clean(self) -> dict:
        from articles.adding import SpanError, clean_span

        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None:
            try:
                cleaned["start"], cleaned["end"] = clean_span(self.article.text, start, end)
            except SpanError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


class SentenceChoiceForm(forms.Form):
    """Without JavaScript: choose the sentences that state the pledge (first to last are taken)."""

    sentence = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, label="Sentences that state the pledge"
    )

    def __init__(self, *args, sentences: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentence"].choices = sentences


class ArticleForm(forms.ModelForm):
    """What an editor may correct on an article: its metadata, never its text."""

    class Meta:
        model = Article
        fields = ["title", "published_on", "publisher", "author", "source_url", "credibility"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "credibility": forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
        }
        help_texts = {"credibility": "From 0 (unreliable) to 1 (authoritative); leave empty if unknown."}


class UndoForm(forms.Form):
    """Which change to undo on which pledges: "pledge:history record" pairs, as the Undo button names them."""

    record = forms.CharField(widget=forms.MultipleHiddenInput)

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.pairs: list[tuple[int, int]] = []
        if data is not None:
            for value in data.getlist("record"):
                pledge, _, record = value.partition(":")
                if pledge.isdigit() and record.isdigit():
                    self.pairs.append((int(pledge), int(record)))

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.pairs:
            raise forms.ValidationError("Nothing to undo.")
        return cleaned


class RestatesForm(forms.Form):
    restates = forms.ModelChoiceField(
        queryset=Pledge.objects.exclude(review_state=ReviewState.REJECTED),
        required=False,
        label="This restates",
        widget=forms.NumberInput,
        help_text="Number of the earlier pledge; leave empty to unlink.",
    )


class AcceptCandidateForm(forms.Form):
    name = forms.CharField(max_length=150, label="Full name")
    country = forms.ModelChoiceField(queryset=Country.objects.all(), required=False)
    office = forms.CharField(max_length=150, required=False, label="Office title")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="Office in organisation",
        help_text="Only when the office is in an organisation, e.g. an EU commissioner.",
    )
    start = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="In office since"
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("country") and not cleaned.get("organisation"):
            raise forms.ValidationError("Choose the country (or the organisation) the person speaks for.")
        return cleaned


class AliasCandidateForm(forms.Form):
    leader = forms.ModelChoiceField(
        queryset=Leader.objects.all(),
        label="Another name of",
        error_messages={
            "required": "Choose an existing leader.",
            "invalid_choice": "Choose an existing leader.",
        },
    )


class AcceptOrganisationCandidateForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name", help_text="The short name pages show: EU, G7…")
    full_name = forms.CharField(max_length=200, required=False, label="Full name")
    kind = forms.ChoiceField(choices=OrganisationKind.choices)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"There is already an organisation called “{name}”: attach the name to it instead."
            )
        return name

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()


class AliasOrganisationCandidateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        label="Another name of",
        error_messages={
            "required": "Choose an existing organisation.",
            "invalid_choice": "Choose an existing organisation.",
        },
    )
