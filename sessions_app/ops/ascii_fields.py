"""Form fields for numbers and dates in a query, read from ASCII digits only: Django's
IntegerField takes `int()`'s view of a digit (`"١٢"` is 12, `"1_2"` is 12) and its DateField
`strptime`'s (fullwidth digits are a date), so one filter would have many spellings. A value
that is not plain ASCII is invalid, and the agenda corrects it like any other invalid one."""

from django import forms
from django.core.exceptions import ValidationError

from sessions_app.upstream.digits import ascii_int


class AsciiIntegerField(forms.IntegerField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = ascii_int(str(value).strip())
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class AsciiDateField(forms.DateField):
    def to_python(self, value):
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
