"""Forms of the wizard that are not questionnaire steps."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length


class ResumeForm(Form):
    code = StringField(
        _l("Resume code"),
        [InputRequired(_l("Enter your resume code")), Length(max=40)],
        description=_l("16 letters and digits, as in ABCD-EFGH-JKMN-PQRS."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
