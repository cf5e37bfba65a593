"""The Jinja2 environment for service pages: GOV.UK Frontend macros, Django's URL and
static helpers, and the form adapter."""

from __future__ import annotations

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader

from cme.core import templating


def environment(**options) -> Environment:
    loader = options.pop("loader")
    options.setdefault("undefined", ChainableUndefined)
    options.pop("autoescape", None)
    options.setdefault("extensions", ["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env = Environment(
        autoescape=True,
        loader=ChoiceLoader([loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]),
        **options,
    )
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.globals.update(templating.GLOBALS)
    env.filters.update(templating.FILTERS)
    return env
