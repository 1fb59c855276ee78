"""Type stubs of the compiled module ``ocsf_validate._native`` (re-exported by ``ocsf_validate``)."""

import os
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union, final

DEFAULT_VERSION: str

class OptionsError(ValueError):
    """The options cannot build a validator: an unknown OCSF version, an invalid policy file or
    an unknown personal-data policy."""

@final
class Diagnostic:
    """One finding about one event; compares by value, immutable."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def pointer(self) -> str: ...
    @property
    def help(self) -> Optional[str]: ...
    @property
    def schema_path(self) -> Optional[str]: ...
    @property
    def schema_version(self) -> Optional[str]: ...
    @property
    def index(self) -> Optional[int]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Validator:
    """Tables and policy compiled once; validates any number of events, releasing the GIL."""

    def __init__(
        self,
        *,
        schema_version: Optional[str] = None,
        default_version: Optional[str] = None,
        pii_policy: Optional[str] = None,
        policy_file: Union[str, "os.PathLike[str]", None] = None,
        recommended: bool = False,
        max_event_bytes: Optional[int] = None,
    ) -> None: ...
    @property
    def version(self) -> str: ...
    def validate(self, event: Union[dict[str, Any], str, bytes, bytearray]) -> List[Diagnostic]: ...
    def validate_many(
        self, events: Iterable[Union[dict[str, Any], str, bytes, bytearray]]
    ) -> List[Diagnostic]: ...
    def validate_arrow(
        self,
        batch: Any,
        *,
        column: Optional[str] = None,
        key: Optional[str] = None,
        skip_columns: Sequence[str] = (),
        offset: int = 0,
    ) -> Any: ...

def diagnostic_columns() -> List[Tuple[str, str, bool]]: ...
def versions() -> List[str]: ...
