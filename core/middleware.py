from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the person chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: the users are Swedish
    municipal staff, many with browsers set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
