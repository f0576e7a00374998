from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.organization.models import AdministrativeUnit
from motcua.outreach.enums import PostKind
from motcua.outreach.models import Post
from motcua.outreach.services import PostContent

PLAIN_TEXT = _("Plain text: leave an empty line between paragraphs.")
# The language of what is typed, for spelling checkers and screen readers.
VI = {"lang": "vi"}
EN = {"lang": "en"}


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices, initial=PostKind.NEWS)
    unit = forms.ModelChoiceField(
        label=_("Administrative unit"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(VI))
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **VI}),
        help_text=_("One or two sentences shown in the lists."),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12, **VI}), help_text=PLAIN_TEXT
    )
    title_en = forms.CharField(
        label=_("Title in English"), max_length=200, required=False, widget=forms.TextInput(EN)
    )
    summary_en = forms.CharField(
        label=_("Summary in English"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **EN}),
    )
    body_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, **EN}),
        help_text=_("Optional. Without it, English readers see the Vietnamese text."),
    )
    pinned = forms.BooleanField(
        label=_("Pin to the top of the news"), required=False, initial=False
    )

    def __init__(self, *args, units: QuerySet, post: Post | None = None, **kwargs):
        if post is not None:
            kwargs.setdefault("initial", _initial(post))
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("title_en", "").strip()) != bool(data.get("body_en", "").strip()):
            raise forms.ValidationError(
                _("Write both the English title and the English text, or neither."),
                code="english_incomplete",
            )
        return data

    def content(self) -> PostContent:
        data = self.cleaned_data
        return PostContent(
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            title_en=data["title_en"],
            summary_en=data["summary_en"],
            body_en=data["body_en"],
            pinned=data["pinned"],
        )


def _initial(post: Post) -> dict:
    names = ["kind", "title", "summary", "body", "title_en", "summary_en", "body_en", "pinned"]
    return {"unit": post.unit_id, **{name: getattr(post, name) for name in names}}
