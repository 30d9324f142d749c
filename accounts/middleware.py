from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class AccountLanguageMiddleware:
    """A signed-in person's language is their account's: the language cookie follows it, so an
    address without a language (/, a link from an old e-mail) opens in it on any device they log
    in from. Visitors get no cookie until they choose a language themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            )
        return response
