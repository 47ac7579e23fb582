"""The workspace's words, `(Polish, English)` by key; and the refusals it words for a form.

The API's refusals end "give the reason in confirmation", naming the API's field; on a page the
same refusals point at the form's own field (`WEB_REFUSALS`, over the node's catalogue).
"""

from __future__ import annotations

from typing import Final

from partnership_partner.entrypoints.web.coordination_words import COORDINATION_WORDS

WORDS: Final[dict[str, tuple[str, str]]] = {
    # frame
    "app.title": ("Obsługa klientów", "Client workspace"),
    "nav.skip": ("Przejdź do treści", "Skip to content"),
    "nav.main": ("Menu główne", "Main menu"),
    "nav.day": ("Mój dzień", "My day"),
    "nav.clients": ("Klienci", "Clients"),
    "nav.register": ("Zarejestruj klienta", "Register a client"),
    "nav.service": ("Zapisz usługę", "Record a service"),
    "nav.api": ("API", "API"),
    "nav.logout": ("Wyloguj", "Sign out"),
    "nav.signed_in": ("{username} ({role})", "{username} ({role})"),
    "lang.switch": ("English", "Polski"),
    "lang.switch_label": ("Switch to English", "Przełącz na język polski"),
    "role.caseworker": ("pracownik", "caseworker"),
    "role.auditor": ("audytor", "auditor"),
    "role.admin": ("administrator", "admin"),
    "read_only": (
        "Konto audytora: możesz przeglądać, ale nie zapisywać.",
        "An auditor's account: you may read, not record.",
    ),
    # forms
    "form.register": ("Rejestracja klienta", "Register a client"),
    "form.enrol": ("Zapis do programu", "Enrolment in a programme"),
    "form.exit": ("Zakończenie udziału", "Leaving the programme"),
    "form.family": ("Zapis rodziny", "Enrolling a family"),
    "form.service": ("Usługa specjalisty", "Specialist service"),
    "form.activity": ("Aktywność", "Activity"),
    "form.employment": ("Zatrudnienie", "Employment"),
    "form.payment": ("Wypłata świadczenia", "Payment"),
    "form.contract": ("Kontrakt", "Contract"),
    "form.withdraw_consent": ("Wycofanie zgody", "Withdrawing consent"),
    "form.erase": ("Usunięcie danych osobowych", "Erasing personal data"),
    "form.save": ("Zapisz", "Save"),
    "form.cancel": ("Anuluj", "Cancel"),
    "form.for_client": ("Klient: {name}", "Client: {name}"),
    "form.errors": ("Popraw {count} błędy w formularzu", "Fix {count} problems in the form"),
    "form.error": ("Popraw błąd w formularzu", "Fix the problem in the form"),
    "form.none": ("— brak —", "— none —"),
    "form.choose": ("— wybierz —", "— choose —"),
    "form.by_records": ("jak w rejestrze węzła", "as the node's records say"),
    "form.yes": ("tak", "yes"),
    "form.no": ("nie", "no"),
    "form.required": ("pole wymagane", "is required"),
    "form.tick": ("zaznacz to pole, aby potwierdzić", "tick this box to confirm"),
    "form.date": ("wpisz datę jako dd.mm.rrrr, np. 15.06.2013", "write the date as dd.mm.yyyy"),
    "form.no_such_date": ("nie ma takiego dnia", "there is no such day"),
    "form.number": ("wpisz liczbę, np. 1 234,56 albo 1,5", "write a number, e.g. 1 234,56 or 1,5"),
    "form.whole_number": ("wpisz liczbę całkowitą", "write a whole number"),
    "form.choice": ("wybierz jedną z możliwości", "choose one of the options"),
    "form.participants": ("Uczestnicy", "Participants"),
    "form.participant": (
        "Dodaj uczestnika: nazwisko, imię lub PESEL",
        "Add a participant: name or PESEL",
    ),
    "form.participant_hint": (
        "wpisz i naciśnij Enter; polskie litery i wielkość liter nie mają znaczenia",
        "type and press Enter; Polish letters and case do not matter",
    ),
    "form.add": ("Dodaj", "Add"),
    "form.remove": ("Usuń {name}", "Remove {name}"),
    "form.pick": ("Dodaj: {name}", "Add: {name}"),
    "form.matches": ("Pasuje kilka osób — wybierz:", "Several people match — choose:"),
    "form.no_match": (
        "nikt taki nie jest klientem tego węzła",
        "nobody like that is a client here",
    ),
    "form.no_participants": (
        "dodaj co najmniej jednego uczestnika",
        "add at least one participant",
    ),
    "form.none_chosen": ("Nikt jeszcze nie został dodany.", "Nobody added yet."),
    "form.confirm_note": (
        "Ten zapis przekracza limit albo powtarza istniejący: jeśli to nie pomyłka, podaj powód "
        "i zapisz ponownie.",
        "This record is beyond a limit or repeats one already kept: if it is meant, give the "
        "reason and save again.",
    ),
    "form.pesel_birth": ("Data urodzenia z numeru PESEL", "Birth date from the PESEL"),
    "form.pesel_gender": ("Płeć z numeru PESEL", "Gender from the PESEL"),
    "pesel.length": ("PESEL ma 11 cyfr", "a PESEL has 11 digits"),
    "pesel.digits": ("PESEL to same cyfry", "a PESEL is digits only"),
    "pesel.checksum": ("cyfra kontrolna się nie zgadza", "the check digit is wrong"),
    "pesel.date": ("nie ma takiej daty urodzenia", "there is no such birth date"),
    "pesel.ok": ("PESEL poprawny", "the PESEL is valid"),
    # fields
    "field.pesel": ("PESEL", "PESEL"),
    "field.first_name": ("Imię", "First name"),
    "field.last_name": ("Nazwisko", "Surname"),
    "field.disability": ("Stopień niepełnosprawności", "Degree of disability"),
    "field.address": ("Adres", "Address"),
    "field.phone": ("Telefon", "Phone"),
    "field.birth_date": ("Data urodzenia", "Birth date"),
    "field.gender": ("Płeć", "Gender"),
    "field.programme": ("Program", "Programme"),
    "field.programme_id": ("Program", "Programme"),
    "field.enrolled_on": ("Data zapisu", "Enrolled on"),
    "field.consent_ref": (
        "Zgoda na przetwarzanie danych (numer)",
        "Consent to processing (number)",
    ),
    "field.registered_unemployed": ("Zarejestrowany jako bezrobotny", "Registered as unemployed"),
    "field.household_size": ("Liczba osób w gospodarstwie", "People in the household"),
    "field.replaces": ("Zastępuje osobę, która zakończyła udział", "Replaces a person who left"),
    "field.replaces_client_id": ("Zastępuje osobę", "Replaces"),
    "field.exit_reason": ("Powód zakończenia", "Reason for leaving"),
    "field.exited_on": ("Data zakończenia", "Left on"),
    "field.withdrawn_on": ("Data wycofania zgody", "Consent withdrawn on"),
    "field.erasure_understood": (
        "Rozumiem, że usuniętych danych nie da się przywrócić",
        "I understand that erased data cannot be restored",
    ),
    "field.members": ("Pozostali członkowie rodziny", "The other family members"),
    "field.member_ids": ("Członkowie rodziny", "Family members"),
    "field.head_client_id": ("Osoba podpisująca", "Signatory"),
    "field.role": ("Specjalista", "Specialist"),
    "field.mode": ("Forma", "Form"),
    "field.hours": ("Liczba godzin", "Hours"),
    "field.delivered_on": ("Data usługi", "Date of the service"),
    "field.participants": ("Liczba uczestników", "Number of participants"),
    "field.note": ("Notatka (zostaje w węźle)", "Note (stays in this node)"),
    "field.confirmation": ("Powód potwierdzenia", "Reason for confirming"),
    "field.client_ids": ("Uczestnicy", "Participants"),
    "field.client_id": ("Klient", "Client"),
    "field.participant": ("Uczestnik", "Participant"),
    "field.basis": ("Podstawa wypłaty", "Legal basis"),
    "field.amount": ("Kwota (zł)", "Amount (PLN)"),
    "field.paid_on": ("Data wypłaty", "Paid on"),
    "field.period_from": ("Okres od", "Period from"),
    "field.period_to": ("Okres do", "Period to"),
    "field.period": ("Okres", "Period"),
    "field.activity_kind": ("Forma wsparcia", "Kind of activity"),
    "field.kind": ("Rodzaj", "Kind"),
    "field.started_on": ("Data rozpoczęcia", "Started on"),
    "field.ended_on": ("Data zakończenia", "Ended on"),
    "field.outcome": ("Wynik", "Outcome"),
    "field.qualification_gained": ("Uzyskane kwalifikacje", "Qualification gained"),
    "field.edition": ("Edycja lub kurs", "Edition or course"),
    "field.edition_id": ("Edycja lub kurs", "Edition or course"),
    "field.contract_type": ("Forma zatrudnienia", "Contract type"),
    "field.employer_kind": ("Pracodawca", "Employer"),
    "field.employer_name": ("Nazwa pracodawcy", "Employer's name"),
    "field.open_labour_market": ("Otwarty rynek pracy", "Open labour market"),
    "field.working_time": ("Wymiar etatu", "Working time"),
    "field.ends_on": ("Planowany koniec umowy", "Planned end"),
    "field.contract_kind": ("Rodzaj kontraktu", "Kind of contract"),
    "field.signed_on": ("Data zawarcia", "Signed on"),
    "field.contract_ends_on": ("Obowiązuje do", "Valid until"),
    "field.family": ("Rodzina", "Family"),
    "field.family_id": ("Rodzina", "Family"),
    "field.family_of": ("rodzina: {name}", "family: {name}"),
    "field.parties": ("Strony", "Parties"),
    "field.obligations": ("Zobowiązania", "Obligations"),
    "field.party": ("Strona zobowiązania {n}", "Party of obligation {n}"),
    "field.obligation": ("Zobowiązanie {n}", "Obligation {n}"),
    "field.obligation_text": ("Opis zobowiązania {n}", "Description of obligation {n}"),
    "field.reason": ("Powód", "Reason"),
    "field.checked_on": ("Pracuje nadal w dniu", "Still employed on"),
    "record.end_activity": ("Zakończ aktywność", "End the activity"),
    "record.end_employment": ("Zakończ zatrudnienie", "End the employment"),
    "record.retention": ("Potwierdź utrzymanie zatrudnienia", "Confirm the job is kept"),
    "field.reason_kind": ("Rodzaj powodu", "Kind of reason"),
    "field.request": ("Żądanie", "Request"),
    "field.Idempotency-Key": ("Formularz", "Form"),
    "field.month": ("Miesiąc", "Month"),
    "field.decision_id": ("Decyzja", "Decision"),
    # hints
    "hint.date": ("dd.mm.rrrr", "dd.mm.yyyy"),
    "lead.withdraw_consent": (
        "Od tego dnia węzeł nie przekazuje partnerstwu żadnych nowych informacji o kliencie i nie"
        " przyjmuje nowych zapisów dla niego. Wycofania nie można cofnąć; zapisy sprzed niego"
        " zostają.",
        "From this day the node tells the partnership nothing more about the client and takes no"
        " new records for them. The withdrawal cannot be undone; earlier records stay.",
    ),
    "lead.erase": (
        "Usuwa PESEL, imię i nazwisko, datę urodzenia, adres, telefon i to, co pracownicy wpisali"
        " o kliencie (art. 17 RODO). Zostają zapisy bez danych osobowych, więc statystyki"
        " partnerstwa się nie zmieniają. Tego nie można cofnąć.",
        "Erases the PESEL, names, birth date, address, phone and what staff typed about the client"
        " (GDPR art. 17). The records stay without personal data, so the partnership's figures do"
        " not change. This cannot be undone.",
    ),
    "hint.hours": ("np. 1,5", "e.g. 1,5"),
    "hint.money": ("np. 1 234,56", "e.g. 1 234,56"),
    "hint.pesel": (
        "11 cyfr; data urodzenia i płeć wynikają z numeru",
        "11 digits; the birth date and gender follow from it",
    ),
    "hint.participants": (
        "jeśli było więcej osób niż klientów",
        "if more people took part than clients",
    ),
    "hint.note": ("nie trafia do innych partnerów", "never leaves this node"),
    "hint.stays_here": ("zostaje w tym węźle", "stays in this node"),
    "hint.confirmation": (
        "dlaczego zapis przekracza limit lub powtarza istniejący",
        "why the record is beyond a limit or repeats one",
    ),
    "hint.reason": (
        "zostaje w tym węźle; partnerzy widzą tylko rodzaj",
        "stays here; partners see the kind only",
    ),
    "hint.consent_ref": (
        "numer podpisanej zgody, np. ZGODA/12/2013",
        "the signed consent's number",
    ),
    "hint.replaces": ("tylko przy rekrutacji uzupełniającej", "only for a replacement"),
    "hint.members": (
        "osoba z tej karty podpisuje za rodzinę",
        "this card's person signs for the family",
    ),
    "hint.working_time": ("1 = pełny etat, 0,5 = pół etatu", "1 = full time, 0,5 = half time"),
    "hint.ends_on": ("puste przy umowie na czas nieokreślony", "empty for an indefinite contract"),
    # clients
    "clients.title": ("Klienci", "Clients"),
    "clients.search": ("Szukaj: nazwisko, imię lub PESEL", "Search: surname, first name or PESEL"),
    "clients.search_hint": (
        "polskie litery i wielkość liter nie mają znaczenia („dabrowska” znajdzie Dąbrowską)",
        "Polish letters and case do not matter",
    ),
    "clients.find": ("Szukaj", "Search"),
    "clients.found": ("Znaleziono: {count}", "Found: {count}"),
    "clients.none": ("Nikogo nie znaleziono.", "Nobody found."),
    "clients.name": ("Klient", "Client"),
    "clients.born": ("Urodzony(a)", "Born"),
    "clients.status": ("Udział", "Participation"),
    "clients.page": ("Strona {page} z {pages}", "Page {page} of {pages}"),
    "clients.next": ("Następna strona", "Next page"),
    "clients.previous": ("Poprzednia strona", "Previous page"),
    "status.enrolled": ("zapisany(a) {date}", "enrolled {date}"),
    "status.left": ("zakończył(a) {date}", "left {date}"),
    "status.none": ("niezapisany(a)", "not enrolled"),
    # the card
    "card.personal": ("Dane osobowe", "Personal data"),
    "card.erased_title": ("Klient (dane usunięte)", "Client (data erased)"),
    "card.erased": (
        "Dane osobowe tego klienta usunięto {date}; jego zapisy zostają, bez danych osobowych.",
        "This client's personal data were erased on {date}; their records stay, without them.",
    ),
    "card.enrolment": ("Udział w partnerstwie", "Participation"),
    "card.not_enrolled": ("Klient nie jest zapisany do programu.", "Not enrolled in a programme."),
    "card.consent": ("Zgoda", "Consent"),
    "card.consent_none": ("brak zapisanej zgody", "no consent recorded"),
    "card.consent_given": ("udzielona {date} ({ref})", "given on {date} ({ref})"),
    "card.consent_withdrawn": ("wycofana {date}", "withdrawn on {date}"),
    "card.family": ("Rodzina", "Family"),
    "card.record": ("Zapisz pracę", "Record work"),
    "card.services": ("Usługi specjalistów", "Specialist services"),
    "card.activities": ("Aktywności", "Activities"),
    "card.employment": ("Zatrudnienie", "Employment"),
    "card.payments": ("Wypłaty", "Payments"),
    "card.contracts": ("Kontrakty", "Contracts"),
    "card.none": ("Brak zapisów.", "Nothing recorded."),
    "card.registered": ("Zarejestrowano", "Registered"),
    "card.withdrawn": ("wycofany", "withdrawn"),
    "done.registered": ("Klient zarejestrowany.", "Client registered."),
    "done.enrolled": ("Klient zapisany do programu.", "Client enrolled."),
    "done.exited": ("Zakończenie udziału zapisane.", "Leaving recorded."),
    "done.family": ("Rodzina zapisana.", "Family enrolled."),
    "done.activity": ("Aktywność zapisana.", "Activity recorded."),
    "done.employment": ("Zatrudnienie zapisane.", "Employment recorded."),
    "done.payment": ("Wypłata zapisana.", "Payment recorded."),
    "done.contract": ("Kontrakt zapisany.", "Contract recorded."),
    "done.saved": ("Zapisano.", "Saved."),
    "done.corrected": ("Korekta zapisana.", "Correction saved."),
    "done.withdrawn": ("Zapis wycofany.", "Record withdrawn."),
    "done.consent_withdrawn": (
        "Wycofanie zgody zapisane. Partnerstwo nie dostanie już nowych informacji o kliencie.",
        "Consent withdrawal recorded. The partnership gets no more news of this client.",
    ),
    "done.erased": ("Dane osobowe klienta usunięte.", "The client's personal data were erased."),
    "action.enrol": ("Zapisz do programu", "Enrol in a programme"),
    "action.family": ("Zapisz rodzinę", "Enrol a family"),
    "action.exit": ("Zakończ udział", "Leave the programme"),
    "action.withdraw_consent": ("Wycofaj zgodę", "Withdraw consent"),
    "action.erase": ("Usuń dane osobowe", "Erase personal data"),
    "action.service": ("Zapisz usługę", "Record a service"),
    "action.activity": ("Zapisz aktywność", "Record an activity"),
    "action.employment": ("Zapisz zatrudnienie", "Record employment"),
    "action.payment": ("Zapisz wypłatę", "Record a payment"),
    "action.contract": ("Zapisz kontrakt", "Record a contract"),
    # a record's page
    "record.title": ("{what} z {date}", "{what} of {date}"),
    "record.clients": ("Klienci", "Clients"),
    "record.withdrawn": ("wycofany", "withdrawn"),
    "record.confirmed": ("potwierdzony ponad limit", "confirmed beyond a limit"),
    "record.confirmation": ("Potwierdzenie", "Confirmation"),
    "record.history": ("Historia zmian", "History"),
    "record.no_history": ("Zapis nie był zmieniany.", "The record has not been changed."),
    "record.correct": ("Popraw zapis", "Correct the record"),
    "record.correct_intro": (
        "Zmień tylko to, co jest błędne, i podaj powód; historia zachowa poprzednią wersję.",
        "Change only what is wrong and give the reason; the history keeps what it said before.",
    ),
    "record.save_correction": ("Zapisz korektę", "Save the correction"),
    "record.withdraw": ("Wycofaj zapis", "Withdraw the record"),
    "record.withdraw_intro": (
        "Zapis wprowadzony omyłkowo zostaje, oznaczony jako wycofany, i nie liczy się nigdzie.",
        "A record made in error stays, marked, and counts nowhere.",
    ),
    "record.confirm_withdraw": ("Wycofaj", "Withdraw"),
    "record.is_withdrawn": ("Ten zapis został wycofany.", "This record was withdrawn."),
    "history.when": ("Kiedy", "When"),
    "history.who": ("Kto", "Who"),
    "history.what": ("Co zmieniono", "What changed"),
    "history.why": ("Powód", "Reason"),
    "history.corrected": ("korekta", "corrected"),
    "history.withdrawn": ("wycofanie", "withdrawn"),
    "history.change": ("{field}: {old} → {new}", "{field}: {old} → {new}"),
    # my day
    "day.title": ("Mój dzień", "My day"),
    "day.today": ("Dziś jest {date}.", "Today is {date}."),
    "day.attention": ("Wymaga uwagi", "Needs attention"),
    "day.nothing": ("Nic nie czeka na Ciebie.", "Nothing is waiting for you."),
    "day.no_record": (
        "{name}: brak zapisów w miesiącu {month}",
        "{name}: nothing recorded in {month}",
    ),
    "day.confirmed": (
        "{what} zapisana ponad limit lub jako powtórzenie: „{reason}”",
        "{what} kept beyond a limit or as a repeat: “{reason}”",
    ),
    "day.recent": ("Ostatnie zapisy w węźle", "The node's recent records"),
    "day.no_recent": ("Jeszcze nic nie zapisano.", "Nothing recorded yet."),
    "day.when": ("Kiedy", "When"),
    "day.what": ("Co", "What"),
    "day.who": ("Klienci", "Clients"),
    "day.open": ("Otwórz", "Open"),
    # errors
    "error.back": ("Wróć do strony „Mój dzień”", "Back to My day"),
    **COORDINATION_WORDS,
}

CONFIRMATION_CODES = frozenset(
    {"limit.session_hours", "limit.client_day_hours", "limit.payment_amount"}
)
"""Refusals a confirmation with its reason overrides (besides duplicates)."""

WEB_REFUSALS: Final[dict[str, tuple[str, str]]] = {
    "service.duplicate": (
        "taka sama usługa jest już zapisana; jeśli to nie pomyłka, podaj powód potwierdzenia "
        "i zapisz ponownie",
        "an identical service is already recorded; if it is meant, give the reason for "
        "confirming and save again",
    ),
    "payment.duplicate": (
        "taka sama wypłata jest już zapisana; jeśli to nie pomyłka, podaj powód potwierdzenia "
        "i zapisz ponownie",
        "an identical payment is already recorded; if it is meant, give the reason for "
        "confirming and save again",
    ),
    "limit.session_hours": (
        "{value_hours} przekracza limit jednego spotkania ({limit_hours}); jeśli to nie "
        "pomyłka, podaj powód potwierdzenia i zapisz ponownie",
        "{value_hours} is beyond the limit of one session ({limit_hours}); if it is meant, "
        "give the reason for confirming and save again",
    ),
    "limit.client_day_hours": (
        "klient miałby {value_hours} usług w dniu {day_date}, więcej niż limit dzienny "
        "({limit_hours}); jeśli to nie pomyłka, podaj powód potwierdzenia i zapisz ponownie",
        "the client would have {value_hours} of services on {day_date}, beyond the daily limit "
        "({limit_hours}); if it is meant, give the reason for confirming and save again",
    ),
    "limit.payment_amount": (
        "{value_money} przekracza limit jednej wypłaty ({limit_money}); jeśli to nie pomyłka, "
        "podaj powód potwierdzenia i zapisz ponownie",
        "{value_money} is beyond the limit of one payment ({limit_money}); if it is meant, "
        "give the reason for confirming and save again",
    ),
    "client.pesel_registered": (
        "klient o tym numerze PESEL jest już zarejestrowany",
        "a client with this PESEL is already registered",
    ),
    "client.not_enrolled": (
        "klient nie jest zapisany do programu partnerstwa",
        "the client is not enrolled in the partnership",
    ),
}
