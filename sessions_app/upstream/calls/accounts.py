"""Sign-in (password or magic-link key) and the signed-in user's profile."""

from .. import errors
from ..domain import Profile, SignIn
from ..segments import UnsafePathValue
from ..transport import Transport


class AccountCalls(Transport):
    def sign_in(self, email: str, password: str) -> SignIn:
        contract = self.contract
        body = {contract.login_email_field: email, contract.login_password_field: password}
        payload, meta = self._call("POST", "login", json=body, kind="sign_in")
        return self._parse(SignIn.from_api, meta, payload)

    def sign_in_with_key(self, user_key: str) -> SignIn:
        try:
            args = {"user_key": user_key}
            payload, meta = self._call("POST", "login_by_key", args, kind="sign_in")
        except UnsafePathValue:  # no key could be that: a bad link, as any other
            raise errors.SignInRejected() from None
        return self._parse(SignIn.from_api, meta, payload)

    def profile(self, token: str) -> Profile:
        payload, meta = self._call("GET", "profile", token=token)
        return self._parse(Profile.from_api, meta, payload)
