"""Online geocoders (geopy's providers) behind a rate limit, retries, a time budget and a
disk cache, every request through `tripplan.net`.

geopy's own HTTP adapters wait for each read with a timeout (a server dripping a byte
every few seconds held a lookup for minutes), read answers of any size, follow
redirects to other schemes and log tracebacks; here geopy asks through an adapter that
uses `tripplan.net` instead, so each request ends by the command's deadline, answers
are capped and their JSON is bounded. What geopy makes of an answer is checked too: a
point on the globe, an address that is text.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeopyError

from tripplan import net
from tripplan.errors import TripplanError
from tripplan.geo.found import Found

NOMINATIM_DELAY = 1.0  # seconds between requests: Nominatim's usage policy
ONLINE_BUDGET = 60.0  # seconds one command may spend on online lookups in all
MAX_ANSWER_BYTES = 1024 * 1024  # a geocoder's answer for one place is a few kilobytes
_ADDRESS = 300  # characters of an address kept


class _Bounded(BaseSyncAdapter):  # type: ignore[misc]  # geopy has no type hints
    """A geopy adapter whose every request ends by the command's deadline."""

    is_available = True

    def __init__(self, *, proxies: Any, ssl_context: Any, remaining: Callable[[], float]) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self._context = ssl_context
        self._remaining = remaining

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        allowed = min(timeout, self._remaining())
        if allowed <= 0:
            raise GeocoderTimedOut("the time budget for online lookups is used up")
        try:
            answer = net.get(
                url,
                headers=headers,
                deadline=time.monotonic() + allowed,
                max_bytes=MAX_ANSWER_BYTES,
                context=self._context,
            )
            text = answer.text()
        except net.TimedOut:
            raise GeocoderTimedOut(f"no answer within {allowed:.0f} s") from None
        except net.NetError as e:
            raise GeocoderServiceError(str(e)) from None
        if answer.status >= 400:
            raise AdapterHTTPError(
                f"HTTP {answer.status} ({answer.reason or 'no reason given'})",
                status_code=answer.status,
                headers=answer.headers,
                text=net.detail(text),
            )
        return text

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return net.parse_json(text)
        except net.NetError as e:
            raise GeocoderParseError(str(e)) from None


class Online:
    """A geopy provider behind a rate limit, retries and a time budget, with a disk cache."""

    def __init__(
        self,
        provider: str,
        *,
        user_agent: str,
        domain: str | None = None,
        scheme: str | None = None,
        timeout: float = 10.0,
        min_delay: float | None = None,
        retries: int = 2,
        budget: float = ONLINE_BUDGET,
        refresh: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        try:
            service = get_geocoder_for_service(provider)
        except Exception:
            raise TripplanError(
                f"--provider {provider}: not a geopy provider (try offline, nominatim, photon "
                "or arcgis)"
            ) from None
        self._deadline = clock() + budget
        self._clock = clock

        def adapter(*, proxies: Any, ssl_context: Any) -> _Bounded:
            return _Bounded(proxies=proxies, ssl_context=ssl_context, remaining=self.remaining)

        options: dict[str, Any] = {
            "user_agent": user_agent,
            "timeout": timeout,
            "adapter_factory": adapter,
        }
        if domain:
            options["domain"] = domain
        if scheme:
            options["scheme"] = scheme
        try:
            geocoder = service(**options)
        except (TypeError, ValueError, GeopyError) as e:
            raise TripplanError(
                f"--provider {provider}: needs other settings ({net.detail(str(e))})"
            ) from None
        delay = min_delay if min_delay is not None else NOMINATIM_DELAY
        self.provider = provider
        self._lookup = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=delay,
            max_retries=retries,
            error_wait_seconds=max(delay, 1.0),
            swallow_exceptions=False,
        )
        self._refresh = refresh
        self._cache_name = f"geocode-{''.join(c for c in provider if c.isalnum())}.json"
        self.warnings: list[str] = []

    def remaining(self) -> float:
        """Seconds left of the command's budget for online lookups."""
        return self._deadline - self._clock()

    def lookup(self, query: str) -> Found | None:
        from tripplan import cache

        stored = cache.read_json(self._cache_name)
        stored = stored if isinstance(stored, dict) else {}
        if not self._refresh and query in stored:
            hit = stored[query]
            if hit is None:
                return None
            found = Found.from_json(hit)
            if found is not None:
                return found
            # An entry of another shape (edited by hand): asked again, and rewritten.
        if self.remaining() <= 0:
            self.warnings.append(f"{self.provider}: time budget used up; '{query}' not looked up")
            return None
        try:
            place = self._lookup(query)
            found = None if place is None else self._found(place, query)
        except GeopyError as e:
            self.warnings.append(f"{self.provider}: '{query}' failed ({_said(e)})")
            return None
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as e:
            # geopy reads an answer of the wrong shape with whatever Python raises.
            self.warnings.append(
                f"{self.provider}: '{query}' failed (the answer is not a place: {type(e).__name__})"
            )
            return None
        stored = cache.read_json(self._cache_name)
        stored = stored if isinstance(stored, dict) else {}
        stored[query] = None if found is None else found.as_json()
        cache.write_json(self._cache_name, stored)
        return found

    def _found(self, place: Any, query: str) -> Found:
        lat, lon = float(place.latitude), float(place.longitude)
        if not (
            math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
        ):
            raise ValueError(f"({lat}, {lon}) is not on the globe")
        address = place.address if isinstance(place.address, str) else ""
        address = " ".join(address.split())[:_ADDRESS]
        return Found(lat, lon, self.provider, "exact", f"{self.provider}: {address}", query)


def _said(error: GeopyError) -> str:
    """What went wrong, in a few words: the server's own text cut short."""
    return f"{type(error).__name__}: {net.detail(str(error))}"
