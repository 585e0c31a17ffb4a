from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length actually validated.

    AuthenticationForm only sets `max_length` on the field after it is built, so
    no validator checks it: an over-long name reached the login-failure log
    (django-axes, 255 characters) and gave a server error. Found by
    tests/security/test_bad_input.py.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
