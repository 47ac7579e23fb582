"""What accounts and access say to people, in Polish and English."""

from __future__ import annotations

from partnership_shared.i18n import Catalogue

WORDS = Catalogue(
    {
        # refusals
        "auth.required": (
            "Wymagane logowanie: podaj token (nagłówek Authorization: Bearer …) lub zaloguj się "
            "na stronie /login.",
            "You must sign in: send a token (header Authorization: Bearer …) or sign in at /login.",
        ),
        "auth.invalid": (
            "Token lub sesja są nieważne (wygasły, zostały unieważnione albo konto jest "
            "wyłączone): zaloguj się ponownie.",
            "The token or session is not valid (expired, revoked, or the account is disabled): "
            "sign in again.",
        ),
        "auth.forbidden": (
            "Rola {role} nie ma tu dostępu; wymagana: {allowed}.",
            "The role {role} may not do this; it needs: {allowed}.",
        ),
        "auth.change_password": (
            "Najpierw zmień hasło jednorazowe (POST /api/v1/auth/password lub strona /password).",
            "Change your one-time password first (POST /api/v1/auth/password or the /password "
            "page).",
        ),
        "login.failed": ("Nieprawidłowy login lub hasło.", "Wrong user name or password."),
        "login.throttled_user": (
            "Zbyt wiele nieudanych logowań na to konto: spróbuj ponownie za {minutes} min.",
            "Too many failed sign-ins for this account: try again in {minutes} min.",
        ),
        "login.throttled_address": (
            "Zbyt wiele nieudanych logowań z tego adresu: spróbuj ponownie za {minutes} min.",
            "Too many failed sign-ins from this address: try again in {minutes} min.",
        ),
        "password.too_short": (
            "hasło musi mieć co najmniej {length} znaków",
            "the password must have at least {length} characters",
        ),
        "password.like_username": (
            "hasło nie może zawierać nazwy użytkownika",
            "the password may not contain the user name",
        ),
        "password.same": (
            "nowe hasło musi się różnić od dotychczasowego",
            "the new password must differ from the old one",
        ),
        "password.wrong": ("obecne hasło jest nieprawidłowe", "the current password is wrong"),
        "password.mismatch": ("hasła się różnią", "the passwords differ"),
        "account.exists": ("konto {username} już istnieje", "the account {username} exists"),
        "account.unknown": ("nie ma konta {username}", "there is no account {username}"),
        "account.role": (
            "ten węzeł nie przyjmuje roli {role}; dozwolone: {allowed}",
            "this node does not admit the role {role}; allowed: {allowed}",
        ),
        "account.username": (
            "nazwa użytkownika: 3–64 znaki, małe litery, cyfry, kropka, minus, podkreślenie",
            "user name: 3–64 characters, lower-case letters, digits, dot, minus, underscore",
        ),
        "account.self": (
            "nie możesz wyłączyć własnego konta",
            "you cannot disable your own account",
        ),
        "form.forged": (
            "Formularz wygasł albo nie pochodzi z tej sesji: otwórz go ponownie i wyślij jeszcze "
            "raz.",
            "The form has expired or does not come from this session: open it again and resend.",
        ),
        "audit.period": (
            "okres jest pusty: 'from' jest po 'to'",
            "the period is empty: 'from' is after 'to'",
        ),
        # pages
        "page.login": ("Logowanie", "Sign in"),
        "page.node": ("Węzeł {node}", "Node {node}"),
        "page.username": ("Nazwa użytkownika", "User name"),
        "page.password": ("Hasło", "Password"),
        "page.submit": ("Zaloguj", "Sign in"),
        "page.change": ("Zmiana hasła", "Change password"),
        "page.current": ("Obecne hasło", "Current password"),
        "page.new": ("Nowe hasło", "New password"),
        "page.repeat": ("Powtórz nowe hasło", "Repeat the new password"),
        "page.save": ("Zapisz", "Save"),
        "page.must_change": (
            "Zalogowano hasłem jednorazowym: ustal własne hasło (co najmniej {length} znaków).",
            "You signed in with a one-time password: choose your own (at least {length} "
            "characters).",
        ),
        "page.changed": ("Hasło zmienione.", "Password changed."),
        "page.denied": ("Brak dostępu", "Access denied"),
        "page.signed_in_as": ("Zalogowano: {username} ({role})", "Signed in: {username} ({role})"),
        "page.logout": ("Wyloguj", "Sign out"),
        "page.other_lang": ("English", "Polski"),
    }
)
