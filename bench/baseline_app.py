"""The HTTP benchmark's yardstick: a bare Flask + Flask-WTF page with an 8-field form.

    gunicorn bench.baseline_app:app

It does what any small server-rendered form page does and nothing more: a session, a CSRF
token, a form of eight fields with validators, a page template that extends a base template.
The wizard's pages are measured against it in the same run, under the same gunicorn settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional


class AgencyForm(FlaskForm):
    agency_name = StringField("Agency", [InputRequired(), Length(max=300)])
    org_number = StringField("Organisation number", [InputRequired(), Length(min=9, max=11)])
    legal_form = RadioField(
        "Legal form",
        [InputRequired()],
        choices=[("state_agency", "State agency"), ("state_enterprise", "State enterprise")],
    )
    ministry = SelectField("Ministry", choices=[("kd", "KD"), ("sd", "SD"), ("dfd", "DFD")])
    agency_head = StringField("Head of agency", [InputRequired(), Length(max=200)])
    contact_name = StringField("Contact", [InputRequired(), Length(max=200)])
    contact_email = EmailField("E-mail", [InputRequired(), Email()])
    notes = TextAreaField("Notes", [Optional(), Length(max=2000)])


def create_baseline_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "baseline_templates"))
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "baseline-benchmark-key")

    @app.route("/form", methods=["GET", "POST"])
    def form_page():
        form = AgencyForm()
        if request.method == "POST" and form.validate():
            return redirect(url_for("form_page"), code=303)
        return render_template("form.html", form=form)

    return app


app = create_baseline_app()
