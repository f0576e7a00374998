from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016/BTTTT: four dot-separated levels, lowest first, e.g. "000.17.22.H56".
# Level 1 is a letter and two digits (H + province number for provinces).
agency_identifier_validator = RegexValidator(
    regex=r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$",
    message=_(
        "Enter an agency identifier in the QCVN 102 form: four levels separated by dots, "
        "lowest first, for example 000.17.22.H56."
    ),
)
