"""Anonymous readers are rate-limited; the newsroom is not."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from watchdesk.throttling import check_rate


@override_settings(WATCHDESK_API_ANON_RATE="3/m")
def test_an_anonymous_reader_over_the_rate_is_told_to_wait(reader, sample):
    codes = [reader.get("/api/trends/").status_code for _ in range(3)]
    refused = reader.get("/api/commentaries/")
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert int(refused["Retry-After"]) > 0


@override_settings(WATCHDESK_API_ANON_RATE="3/m")
def test_the_openapi_document_is_not_counted(reader, sample):
    for _ in range(5):
        assert reader.get("/api/openapi.json").status_code == 200
    assert reader.get("/api/trends/").status_code == 200


@override_settings(WATCHDESK_API_ANON_RATE="1/m")
def test_signed_in_editors_are_not_limited(login, editor, sample):
    client = login(editor)
    assert [client.get("/api/trends/").status_code for _ in range(5)] == [200] * 5


@override_settings(WATCHDESK_API_ANON_RATE="1/m")
def test_each_client_address_has_its_own_allowance(reader, sample):
    assert reader.get("/api/trends/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert reader.get("/api/trends/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert reader.get("/api/trends/", REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.parametrize("rate", ["120/m", "5/s", "1000/day", "10/5m"])
def test_readable_rates_are_accepted(rate, settings):
    settings.WATCHDESK_API_ANON_RATE = rate
    check_rate("WATCHDESK_API_ANON_RATE", "120/m")


@pytest.mark.parametrize("rate", ["", "lots", "120", "0/m", "-1/m", "5/0m", "5/week"])
def test_an_unreadable_rate_stops_the_site_with_an_example(rate, settings):
    settings.WATCHDESK_API_ANON_RATE = rate
    with pytest.raises(ImproperlyConfigured, match="WATCHDESK_API_ANON_RATE=.*such as 120/m"):
        check_rate("WATCHDESK_API_ANON_RATE", "120/m")


@override_settings(WATCHDESK_API_ANON_RATE="1/m")
def test_a_forged_forwarded_address_gives_no_new_allowance(reader, sample):
    assert reader.get("/api/trends/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert reader.get("/api/trends/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


@override_settings(WATCHDESK_API_ANON_RATE="1/m", USE_X_FORWARDED_HOST=True)
def test_behind_the_proxy_the_address_it_saw_counts(reader, sample):
    def get(forwarded: str) -> int:
        return reader.get("/api/trends/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert get("203.0.113.9, 198.51.100.1") == 200
    assert get("203.0.113.10, 198.51.100.1") == 429  # forged first entry, same client
    assert get("198.51.100.2") == 200


@override_settings(WATCHDESK_API_ANON_RATE="1/m")
def test_concurrent_requests_keep_their_own_state_on_the_shared_throttle(rf):
    import threading

    from django.contrib.auth.models import AnonymousUser

    from watchdesk.throttling import api_throttle

    throttle = api_throttle()  # the API, too, has one throttle for every request

    def request(address: str):
        made = rf.get("/api/trends/", REMOTE_ADDR=address)
        made.user = AnonymousUser()
        return made

    assert throttle.allow_request(request("192.0.2.10"))
    assert not throttle.allow_request(request("192.0.2.10"))  # this thread: over
    mine = throttle.key
    other = threading.Thread(target=lambda: throttle.allow_request(request("192.0.2.11")))
    other.start()
    other.join()
    # Another thread's request in between does not change what this one answers with.
    assert throttle.key == mine and "192.0.2.10" in mine
    assert 0 < throttle.wait() <= 60
