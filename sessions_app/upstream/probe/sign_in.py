"""Signing in, the token header and the profile."""

from ..contract import DEFAULT_PATHS, SIGNUP_LOGIN
from ..domain import as_dict, as_int, as_str
from . import answers
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding, ProbeStopped, changed_lines
from .state import ProbeState

# Login calls to try when the configured one is not there: (ACCELEVENTS_LOGIN, email field).
LOGIN_ALTERNATIVES = ((SIGNUP_LOGIN, "email"), ("/u/login", "username"))
# Token forms to try when the configured one is refused: (header, scheme).
TOKEN_FORMS = (("Authorization", ""), ("Authorization", "Bearer"))
_REFUSED_SIGN_IN = {401, 403, 406, 423}


def check_sign_in(state: ProbeState) -> None:
    if state.user_key:
        answer = answers.call(state.client, "POST", "login_by_key", {"user_key": state.user_key})
        _stop_if_refused(answer)
        if not _has_token(answer):  # the portal reads no answer to a key as a misconfiguration
            raise ProbeStopped(
                f"POST {state.contract.paths['login_by_key']} answered {answer.describe()} "
                "without a token: check ACCELEVENTS_PATHS (login_by_key=), or ask for a new key."
            )
        return _accept_login(state, answer, "POST /u/loginUserByUserKey/{userKey}")
    contract = state.contract
    answer = _login(state, contract.login, contract.login_email_field)
    _stop_if_refused(answer)
    if _has_token(answer):
        return _accept_login(state, answer, f"POST {contract.login_path}")
    for login, email_field in LOGIN_ALTERNATIVES:
        if (login, email_field) == (contract.login, contract.login_email_field):
            continue
        other = _login(state, login, email_field)
        if _has_token(other):
            state.correct(login=login, login_email_field=email_field)
            return _accept_login(
                state,
                other,
                f"POST {state.contract.login_path}",
                wrong=f"POST {contract.login_path} answered {answer.describe()}",
                settings=changed_lines(
                    (contract.login, "ACCELEVENTS_LOGIN", login),
                    (contract.login_email_field, "ACCELEVENTS_LOGIN_EMAIL_FIELD", email_field),
                ),
            )
    raise ProbeStopped(
        f"Signing in failed: POST {contract.login_path} answered {answer.describe()}, and no "
        "other known login call gave a token. Check ACCELEVENTS_API_BASE_URL and ACCELEVENTS_LOGIN."
    )


def _login(state: ProbeState, login: str, email_field: str) -> answers.Answer:
    path = DEFAULT_PATHS["login"] if login == SIGNUP_LOGIN else login
    client = state.client
    client.paths["login"] = path
    body = {email_field: state.email, state.contract.login_password_field: state.password}
    try:
        return answers.call(client, "POST", "login", json=body)
    finally:
        client.paths["login"] = state.contract.login_path


def _has_token(answer: answers.Answer) -> bool:
    return answer.ok and bool(as_str(as_dict(answer.data).get("access_token")))


def _stop_if_refused(answer: answers.Answer) -> None:
    code, message = answer.code_and_message()
    user_refusal = answer.status == 404 and (code == "4040100" or "user" in message.lower())
    if answer.status in _REFUSED_SIGN_IN or user_refusal:
        raise ProbeStopped(
            f"The platform refused these sign-in details ({answer.describe()}). Check the "
            "email and password, or ask for a new user key."
        )
    if code == "4040200":
        raise ProbeStopped("No such event: check ACCELEVENTS_EVENT_URL (the event's slug).")


def _accept_login(state, answer, call, *, wrong: str = "", settings=()) -> None:
    data = as_dict(answer.data)
    state.token = as_str(data.get("access_token"))
    user_id = as_int(data.get("userId"), -1)
    state.login_user_id = user_id if user_id > 0 else None
    observed = f"{call} answered {answer.status} with a token; keys: {', '.join(answer.keys)}"
    state.add(
        Finding(
            "login",
            "Sign-in call",
            "ACCELEVENTS_LOGIN as configured signs attendees in",
            f"{wrong}; {observed}" if wrong else observed,
            CONTRADICTED if wrong else CONFIRMED,
            settings=settings,
        )
    )
    state.add(_expiry_finding(data.get("expires_in")))


def _expiry_finding(value) -> Finding:
    if as_int(value, -1) >= 0:
        shape = "a number (seconds, or a timestamp)"
    elif as_str(value):
        shape = f"text ({as_str(value)[:20]!r})"
    else:
        shape = "absent"
    return Finding(
        "expires_in",
        "Token expiry (expires_in)",
        "seconds or a date; the portal reads either and relies on neither",
        f"expires_in is {shape}",
        CONFIRMED,
        needed=False,
    )


def check_token_header(state: ProbeState) -> None:
    contract = state.contract
    configured = (contract.auth_header, contract.auth_scheme)
    answer = answers.call(state.client, "GET", "profile", headers=state.token_headers())
    if answer.ok:
        state.profile = as_dict(answer.data)
        return state.add(_token_finding(configured, answer, CONFIRMED))
    if answer.status not in (401, 403):
        return state.add(_token_finding(configured, answer, UNKNOWN))
    for header, scheme in TOKEN_FORMS:
        if (header, scheme) == configured:
            continue
        other = answers.call(
            state.client, "GET", "profile", headers=state.token_headers(header, scheme)
        )
        if other.ok:
            state.profile = as_dict(other.data)
            state.correct(auth_header=header, auth_scheme=scheme)
            lines = changed_lines(
                (contract.auth_header, "ACCELEVENTS_AUTH_HEADER", header),
                (contract.auth_scheme, "ACCELEVENTS_AUTH_SCHEME", scheme),
            )
            return state.add(_token_finding((header, scheme), other, CONTRADICTED, answer, lines))
    state.add(_token_finding(configured, answer, CONTRADICTED))
    raise ProbeStopped(
        "The platform refused the attendee's token in every form tried "
        f"({', '.join(_form(*form) for form in TOKEN_FORMS)}); the other checks need it."
    )


def _form(header: str, scheme: str) -> str:
    return f"{header}: {scheme + ' ' if scheme else ''}<token>"


def _token_finding(form, answer, verdict, refused=None, settings=()) -> Finding:
    observed = f"GET /u/myprofile with {_form(*form)} answered {answer.describe()}"
    if refused is not None:
        observed = f"the configured form was refused ({refused.describe()}); {observed}"
    return Finding(
        "auth_scheme",
        "Attendee token header",
        "ACCELEVENTS_AUTH_HEADER / ACCELEVENTS_AUTH_SCHEME as configured",
        observed,
        verdict,
        settings=settings,
    )


def check_profile(state: ProbeState) -> None:
    profile = state.profile
    if profile is None:
        observed = "not read (see the token header check)"
        state.add(Finding("profile", "Profile", "names and email", observed, UNKNOWN, False))
    else:
        has_id = "userId" in profile
        observed = f"keys: {', '.join(sorted(profile))}" + ("" if has_id else " (no userId)")
        assumed = "names and email only: the portal does not need a userId here"
        state.add(
            Finding("profile", "Profile (GET /u/myprofile)", assumed, observed, CONFIRMED, False)
        )
    profile_id = as_int((profile or {}).get("userId"), -1)
    if state.login_user_id:
        observed, verdict = "the login answer's userId", CONFIRMED
    elif profile_id > 0:
        observed, verdict = "no userId in the login answer; the profile's userId", CONFIRMED
    else:
        observed, verdict = "neither the login answer nor the profile has a userId", CONTRADICTED
    assumed = "the login answer's userId (documented), else the profile's"
    state.add(Finding("user_id", "Who signed in", assumed, observed, verdict))
