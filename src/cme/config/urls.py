from django.urls import include, path

from cme.accounts import views as accounts
from cme.api.app import api
from cme.home import views as home

urlpatterns = [
    path("", home.start, name="start"),
    path("home/", home.home, name="home"),
    path("accessibility/", home.accessibility, name="accessibility"),
    path("privacy/", home.privacy, name="privacy"),
    path("cookies/", home.cookies, name="cookies"),
    path("account/2fa/totp/activate/", accounts.activate_totp, name="mfa_activate_totp"),
    path("account/", include("allauth.urls")),
    path("children/", include("cme.children.urls")),
    path("referrals/", include("cme.referrals.urls")),
    path("refer/", include("cme.referrals.public_urls")),
    path("cases/", include("cme.cases.urls")),
    path("schools/", include("cme.schools.urls")),
    path("audit/", include("cme.audit.urls")),
    path("data-matching/", include("cme.linkage.urls")),
    path("reports/", include("cme.reports.urls")),
    path("partners/", include("cme.partners.urls")),
    path("administration/", include("cme.administration.urls")),
    path("api/v1/", api.urls),
]

handler400 = "cme.core.views.bad_request"
handler403 = "cme.core.views.permission_denied"
handler404 = "cme.core.views.not_found"
handler429 = "cme.core.views.too_many_requests"  # allauth's rate limits
handler500 = "cme.core.views.server_error"
