"""The words of the partner node's refusals, `(Polish, English)` by code.

Placeholders name the values a rule gives; their endings say how to write them: `…_date` as a
date, `…_money` as money, `…_hours` as hours (Polish: `15.06.2013`, `1 234,56 zł`, `1,5 godz.`).
"""

from __future__ import annotations

from typing import Final

from partnership_shared.i18n import Catalogue

_UNKNOWN = {
    "client": ("klient", "client"),
    "programme": ("program", "programme"),
    "edition": ("edycja", "edition"),
    "family": ("rodzina", "family"),
    "service": ("usługa", "service"),
    "activity": ("aktywność", "activity"),
    "employment": ("zatrudnienie", "employment"),
    "retention_check": ("sprawdzenie utrzymania zatrudnienia", "retention check"),
    "payment": ("wypłata", "payment"),
    "contract": ("kontrakt", "contract"),
    "enrolment": ("zapis do programu", "enrolment"),
    "plan": ("plan wsparcia", "support plan"),
    "plan_action": ("działanie planu wsparcia", "support plan action"),
    "referral": ("skierowanie", "referral"),
    "event": ("zdarzenie", "event"),
}

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    **{
        f"{what}.unknown": (
            f"w tym węźle nie ma takiego rekordu ({pl}, id {{ident}})",
            f"this node holds no such record ({en}, id {{ident}})",
        )
        for what, (pl, en) in _UNKNOWN.items()
    },
    # dates and periods
    "date.future": ("{day_date} to data z przyszłości", "{day_date} is in the future"),
    "date.before_partnership": (
        "{day_date} to data sprzed zawarcia partnerstwa ({start_date})",
        "{day_date} is before the partnership began ({start_date})",
    ),
    "date.before_enrolment": (
        "{day_date} to data sprzed zapisu klienta ({enrolled_date})",
        "{day_date} is before the client's enrolment ({enrolled_date})",
    ),
    "date.after_exit": (
        "{day_date} to data po zakończeniu udziału klienta ({exit_date})",
        "{day_date} is after the client left the partnership ({exit_date})",
    ),
    "date.before_start": (
        "to data sprzed rozpoczęcia ({start_date})",
        "is before the start ({start_date})",
    ),
    "period.reversed": ("to data wcześniejsza niż {other}", "is before {other}"),
    # clients
    "client.birth_date_mismatch": (
        "nie zgadza się z numerem PESEL, z którego wynika {pesel_date}",
        "does not match the PESEL, which gives {pesel_date}",
    ),
    "client.gender_mismatch": (
        "nie zgadza się z numerem PESEL, z którego wynika płeć: {gender}",
        "does not match the PESEL, which gives {gender}",
    ),
    "client.pesel_registered": (
        "klient o tym numerze PESEL jest już zarejestrowany (id {client_id})",
        "a client with this PESEL is already registered (id {client_id})",
    ),
    "client.not_enrolled": (
        "klient {client_id} nie jest zapisany do programu partnerstwa",
        "client {client_id} is not enrolled in the partnership",
    ),
    "client.already_enrolled": (
        "klient {client_id} jest już zapisany",
        "client {client_id} is already enrolled",
    ),
    "client.already_left": (
        "klient zakończył już udział ({exit_date})",
        "the client already left ({exit_date})",
    ),
    "replacement.not_left": (
        "klient {client_id} nie zakończył udziału, więc nikt nie może zająć jego miejsca",
        "client {client_id} has not left the partnership, so nobody can take their place",
    ),
    "enrolment.outside_programme": (
        "data poza okresem programu ({start_date} – {end_date})",
        "is outside the programme's period ({start_date} – {end_date})",
    ),
    "enrolment.has_records": (
        "klient ma zapisane usługi, aktywności, wypłaty lub kontrakty: najpierw je wycofaj",
        "the client has services, activities, payments or contracts recorded: withdraw them first",
    ),
    # programmes and editions
    "programme.funding_sum": (
        "budżet się nie sumuje: dofinansowanie i wkład własny dają {sum_money}, "
        "a wartość projektu to {total_money}",
        "the budget does not add up: co-financing and own contribution make {sum_money}, "
        "the total is {total_money}",
    ),
    "programme.code_taken": (
        "program o kodzie {programme_code} już istnieje",
        "a programme with code {programme_code} already exists",
    ),
    "programme.not_owner": (
        "program zmienia tylko partner, który go ogłosił ({owner})",
        "only the partner that announced the programme changes it ({owner})",
    ),
    "programme.edition_outside": (
        "edycja {label} wypadłaby poza okres programu",
        "edition {label} would fall outside the programme's period",
    ),
    "partner.unknown": (
        "partnera {partner} nie ma w umowie partnerstwa",
        "the partnership agreement names no partner {partner}",
    ),
    "edition.outside_programme": (
        "data poza okresem programu ({start_date} – {end_date})",
        "is outside the programme's period ({start_date} – {end_date})",
    ),
    "edition.label_taken": (
        "edycja {label} tej formy wsparcia już istnieje w programie",
        "the programme already has an edition {label} of this kind",
    ),
    "edition.other_provider": (
        "uczestników tej edycji zapisuje jej realizator ({provider})",
        "the edition's provider ({provider}) records its participants",
    ),
    "edition.other_kind": ("to edycja innej formy wsparcia ({kind})", "is an edition of {kind}"),
    "edition.other_programme": (
        "edycja należy do innego programu",
        "the edition belongs to another programme",
    ),
    "edition.outside_period": (
        "data poza terminem edycji ({start_date} – {end_date})",
        "is outside the edition's dates ({start_date} – {end_date})",
    ),
    "edition.full": (
        "edycja nie ma już wolnych miejsc (miejsc: {capacity})",
        "the edition is full (places: {capacity})",
    ),
    # families
    "family.member_twice": ("członek rodziny podany dwa razy", "a member is listed twice"),
    "family.head_not_member": (
        "osoba podpisująca musi być członkiem rodziny",
        "the signatory must be one of the members",
    ),
    "family.member_in_family": (
        "klient {client_id} należy już do innej rodziny",
        "client {client_id} already belongs to a family",
    ),
    "family.member_elsewhere": (
        "klient {client_id} jest zapisany do innego programu",
        "client {client_id} is enrolled in another programme",
    ),
    "family.already_enrolled": (
        "ta rodzina jest już zapisana",
        "this family is already enrolled",
    ),
    "family.already_left": (
        "rodzina zakończyła już udział ({exit_date})",
        "the family already left ({exit_date})",
    ),
    # services
    "service.client_twice": ("klient podany dwa razy", "a client is listed twice"),
    "service.individual_one_client": (
        "usługa indywidualna dotyczy dokładnie jednego klienta",
        "an individual service is for exactly one client",
    ),
    "service.fewer_participants": (
        "uczestników mniej niż podanych klientów",
        "fewer participants than clients listed",
    ),
    "service.individual_one_participant": (
        "usługa indywidualna ma jednego uczestnika",
        "an individual service has one participant",
    ),
    "service.duplicate": (
        "taka sama usługa jest już zapisana (id {record_id}); jeśli to nie pomyłka, "
        "podaj powód w polu confirmation",
        "an identical service is already recorded (id {record_id}); if it is meant, "
        "give the reason in confirmation",
    ),
    # limits
    "limit.session_hours": (
        "{value_hours} przekracza limit jednego spotkania ({limit_hours}); jeśli to nie "
        "pomyłka, podaj powód w polu confirmation",
        "{value_hours} is beyond the limit of one session ({limit_hours}); if it is meant, "
        "give the reason in confirmation",
    ),
    "limit.client_day_hours": (
        "klient {client_id} miałby {value_hours} usług w dniu {day_date}, więcej niż limit "
        "dzienny ({limit_hours}); jeśli to nie pomyłka, podaj powód w polu confirmation",
        "client {client_id} would have {value_hours} of services on {day_date}, beyond the "
        "daily limit ({limit_hours}); if it is meant, give the reason in confirmation",
    ),
    "limit.payment_amount": (
        "{value_money} przekracza limit jednej wypłaty ({limit_money}, podstawa: {basis}); "
        "jeśli to nie pomyłka, podaj powód w polu confirmation",
        "{value_money} is beyond the limit of one payment ({limit_money}, basis: {basis}); "
        "if it is meant, give the reason in confirmation",
    ),
    # activities, employment, money, contracts
    "activity.not_run": (
        "umowa partnerstwa nie powierza formy „{kind}” partnerowi {partner}; prowadzi: {runs}",
        "the partnership has not assigned {kind!r} to {partner}; it runs: {runs}",
    ),
    "activity.already_ended": (
        "aktywność zakończyła się już {end_date}",
        "the activity already ended on {end_date}",
    ),
    "activity.abandoned_qualification": (
        "przerwana aktywność nie daje kwalifikacji",
        "an abandoned activity gives no qualification",
    ),
    "employment.not_recorded": (
        "partner {partner} nie rejestruje zatrudnienia",
        "{partner} does not record employment",
    ),
    "employment.indefinite_has_end": (
        "umowa na czas nieokreślony nie ma planowanej daty zakończenia",
        "a contract for an indefinite period has no planned end",
    ),
    "employment.already_ended": (
        "zatrudnienie zakończyło się już {end_date}",
        "the employment already ended on {end_date}",
    ),
    "employment.ended": (
        "zatrudnienie zakończyło się {end_date}",
        "the employment ended on {end_date}",
    ),
    "employment.has_checks": (
        "zatrudnienie ma zapisane sprawdzenia utrzymania: najpierw je wycofaj",
        "the employment has retention checks: withdraw them first",
    ),
    "payment.basis_not_paid": (
        "partner {partner} nie wypłaca na podstawie „{basis}”; wypłaca: {bases}",
        "{basis!r} is not paid by {partner}; it pays: {bases}",
    ),
    "payment.duplicate": (
        "taka sama wypłata jest już zapisana (id {record_id}); jeśli to nie pomyłka, "
        "podaj powód w polu confirmation",
        "an identical payment is already recorded (id {record_id}); if it is meant, "
        "give the reason in confirmation",
    ),
    "contract.not_signed": (
        "partner {partner} nie zawiera kontraktów „{kind}”",
        "{partner} does not sign {kind!r}",
    ),
    "contract.family_required": (
        "kontrakt trójstronny zawiera się z rodziną: podaj family_id",
        "a tripartite family contract binds a family: give family_id",
    ),
    "contract.client_not_in_family": (
        "klient nie jest członkiem tej rodziny",
        "the client is not a member of this family",
    ),
    "contract.party_twice": ("strona podana dwa razy", "a party is listed twice"),
    "contract.tripartite_parties": (
        "stronami kontraktu trójstronnego są rodzina, PUP i OPS",
        "a tripartite family contract binds the family, PUP and OPS",
    ),
    "contract.client_party": (
        "stroną kontraktu socjalnego jest klient",
        "a social contract binds the client",
    ),
    "contract.obligation_of_non_party": (
        "zobowiązanie strony „{party}”, która nie jest stroną kontraktu",
        "an obligation of {party!r}, who is not a party",
    ),
    # corrections
    "correction.withdrawn": (
        "rekord został wycofany i nie można go zmienić",
        "the record was withdrawn and cannot change",
    ),
    "record.withdrawn": (
        "rekord został wycofany",
        "the record was withdrawn",
    ),
    "correction.not_correctable": (
        "tego pola nie można poprawić w rekordzie ({kind})",
        "this field of a {kind} cannot be corrected",
    ),
    "correction.not_ended": (
        "rekord jeszcze się nie zakończył, więc nie ma czego poprawiać",
        "the record has not ended, so there is no end to correct",
    ),
    "correction.not_announced": (
        "rekord zapisano, zanim węzeł pamiętał zdarzenia: nie można go poprawić",
        "the record was made before the node remembered its events: it cannot be corrected",
    ),
    "correction.nothing_changed": (
        "poprawka niczego nie zmienia",
        "the correction changes nothing",
    ),
    "correction.required": ("nie może być puste", "cannot be emptied"),
    # support plans
    "plan.not_owner": (
        "plan zmienia tylko partner, który go uzgodnił ({owner})",
        "only the partner that made the plan changes it ({owner})",
    ),
    "plan.meeting_after_agreement": (
        "spotkanie zespołu specjalistów nie może być późniejsze niż uzgodnienie planu "
        "({agreed_date})",
        "the team meeting cannot come after the plan was agreed ({agreed_date})",
    ),
    "plan.before_previous": (
        "to data sprzed poprzedniej wersji planu (wersja {revision}: {agreed_date})",
        "is before the plan's previous revision (revision {revision}: {agreed_date})",
    ),
    "plan.target_before_agreement": (
        "termin wypada przed uzgodnieniem planu ({agreed_date})",
        "the target date is before the plan was agreed ({agreed_date})",
    ),
    "plan.action_twice": ("działanie podane dwa razy", "an action is listed twice"),
    "plan.action_taken": (
        "działanie o tym id należy już do innego planu",
        "an action with this id belongs to another plan",
    ),
    "plan.client_not_in_family": (
        "klient nie jest członkiem tej rodziny",
        "the client is not a member of this family",
    ),
    # referrals
    "referral.to_self": (
        "partner nie kieruje klienta do siebie samego",
        "a partner does not refer a client to itself",
    ),
    "referral.no_consent": (
        "bez zgody klienta na udostępnienie danych partnerowi {partner} nie ma skierowania: "
        "podaj dzień, w którym ją wyraził",
        "no referral without the client's consent to sharing with {partner}: give the day it "
        "was given",
    ),
    "referral.consent_after": (
        "zgoda musi poprzedzać skierowanie ({made_date})",
        "the consent must come before the referral ({made_date})",
    ),
    "referral.action_other_partner": (
        "to działanie planu przypisano partnerowi {partner}, a skierowanie jest do {to_partner}",
        "the plan assigns this action to {partner}, the referral is to {to_partner}",
    ),
    "referral.action_other_client": (
        "to działanie należy do planu innego klienta",
        "the action belongs to another client's plan",
    ),
    "referral.not_addressee": (
        "skierowanie jest do partnera {partner}: tylko on na nie odpowiada",
        "the referral is to {partner}: only it answers it",
    ),
    "referral.answered": (
        "na to skierowanie już odpowiedziano (stan: {status})",
        "the referral was already answered (status: {status})",
    ),
    "referral.not_accepted": (
        "zrealizować można tylko przyjęte skierowanie (stan: {status})",
        "only an accepted referral is completed (status: {status})",
    ),
    "referral.before_made": (
        "to data sprzed skierowania ({made_date})",
        "is before the referral was made ({made_date})",
    ),
    "referral.before_acceptance": (
        "to data sprzed przyjęcia skierowania ({accepted_date})",
        "is before the referral was accepted ({accepted_date})",
    ),
    "referral.person_needed": (
        "tej osoby nie ma jeszcze w tym węźle: podaj jej dane, by ją zarejestrować",
        "this node does not know the person yet: give their data to register them",
    ),
    "referral.other_person": (
        "ten numer PESEL należy do innej osoby niż skierowana",
        "this PESEL belongs to someone other than the person referred",
    ),
    # other partners' events
    "event.failed": (
        "tego zdarzenia nie udało się zastosować; przyczynę podaje dziennik węzła",
        "the event could not be applied; the node's log says why",
    ),
    # consent, withdrawal, erasure
    "consent.missing": (
        "klient {client_id} nie ma zapisanej zgody: podaj ją (consent) przy zapisie",
        "client {client_id} has no consent recorded: give it (consent) with the enrolment",
    ),
    "consent.withdrawn": (
        "klient wycofał zgodę {withdrawn_date}: węzeł nie zapisuje już niczego, co by ogłosił",
        "the client withdrew consent on {withdrawn_date}: the node records nothing it would "
        "announce about them",
    ),
    "consent.already_withdrawn": (
        "zgodę wycofano już {withdrawn_date}",
        "consent was already withdrawn on {withdrawn_date}",
    ),
    "consent.no_sharing": (
        "zapis do programu wymaga zgody na udostępnianie w partnerstwie (sharing)",
        "enrolment needs consent to sharing within the partnership (sharing)",
    ),
    "consent.after_enrolment": (
        "zgodę wyrażono {given_date}, po dniu zapisu {on_date}",
        "consent was given on {given_date}, after the enrolment on {on_date}",
    ),
    "consent.withdrawn_before_given": (
        "to data sprzed wyrażenia zgody ({given_date})",
        "is before the consent was given ({given_date})",
    ),
    "client.erased": (
        "dane osobowe klienta usunięto {erased_date}: nie można zapisać o nim niczego nowego",
        "the client's personal data were erased on {erased_date}: nothing new can be recorded",
    ),
    "client.already_erased": (
        "dane osobowe klienta usunięto już {erased_date}",
        "the client's personal data were already erased on {erased_date}",
    ),
    "client.pesel_erased": (
        "dane osoby o tym numerze PESEL usunięto {erased_date} (id {client_id}); nie rejestruje "
        "się jej ponownie",
        "the personal data of the person with this PESEL were erased on {erased_date} (id "
        "{client_id}); they are not registered again",
    ),
    # requests
    "idempotency.expired": (
        "żądanie z tym kluczem wykonano {made_date}; jego odpowiedzi już się nie przechowuje "
        "(rekord {record_id})",
        "the request with this key was carried out on {made_date}; its answer is no longer kept "
        "(record {record_id})",
    ),
    "idempotency.key_reused": (
        "ten klucz użyto już dla innego żądania",
        "was already used for a different request",
    ),
    "request.concurrent": (
        "koliduje z żądaniem zapisanym w tej samej chwili; nic nie zmieniono",
        "conflicts with a request committed at the same moment; nothing was changed",
    ),
}

CATALOGUE = Catalogue(MESSAGES)

WARNINGS: Final[dict[str, tuple[str, str]]] = {
    "overlap": (
        "{partner} już daje temu klientowi: {kind} (od {since_date}); zapis przyjęto — "
        "uzgodnijcie, kto to prowadzi",
        "{partner} already gives this client {kind} (since {since_date}); the record stands — "
        "agree who provides it",
    ),
    "overlap.planned": (
        "działanie {number}: {partner} już daje temu klientowi: {kind} (od {since_date})",
        "action {number}: {partner} already gives this client {kind} (since {since_date})",
    ),
    "conflict": (
        "{partner} ma inne dane tej osoby ({fact}); sprawdźcie, które są prawdziwe",
        "{partner} holds different data on this person ({fact}); check which is right",
    ),
}
"""What staff are warned of: the record is kept all the same."""

WARNING_CATALOGUE = Catalogue(WARNINGS)
