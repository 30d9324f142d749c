from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The e-mail address is the login; nothing else about the person is needed."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language the person reads: the site's pages after they log in, and every e-mail to
    # them, the task worker's included.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        # Addresses are compared case-insensitively everywhere; storing them lower-cased lets
        # the plain unique constraint enforce that.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class QueuedMail(models.Model):
    """An account e-mail from allauth waiting for the task worker, which sends and deletes it.

    allauth's messages carry one-time codes and may go to addresses that have no account, so
    there is no row a task could be given the id of: the request renders the message and
    stores it here, and the task gets this row's id."""

    to = models.EmailField(max_length=254)
    subject = models.TextField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.subject
