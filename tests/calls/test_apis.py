"""The call's HTTP side: ICE servers, the consent flow, chunk validation, privacy, purge."""

import base64
import json
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from calls.models import Recording, RecordingChunk, RecordingSegment, RecordingStatus
from calls.services import recordings_purge
from interviews.models import EventType, SessionEvent

pytestmark = pytest.mark.django_db

WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 60  # the EBML magic, then anything
MORE = b"\x1f\x43\xb6\x75" + b"\x01" * 40  # a cluster, as later chunks begin


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


@pytest.fixture
def clients(people):
    return {key: client_for(user) for key, user in people.items()}


def base(peer) -> str:
    return f"/api/v1/sessions/{peer.session.pk}/"


def put_chunk(client, peer, recording_id, index, data, *, segment=0, duration="3000"):
    url = f"{base(peer)}recordings/{recording_id}/segments/{segment}/chunks/{index}/"
    headers = {"X-Chunk-Duration-Ms": duration} if duration is not None else {}
    return client.put(url, data=data, content_type="audio/webm", headers=headers)


def recording_running(peer, clients) -> int:
    asked = clients["interviewer"].post(f"{base(peer)}recordings/")
    assert asked.status_code == 201, asked.content
    recording_id = asked.json()["id"]
    answered = clients["candidate"].post(
        f"{base(peer)}recordings/{recording_id}/consent/",
        {"consent": True},
        content_type="application/json",
    )
    assert answered.json()["status"] == "recording"
    return recording_id


# --- ICE servers -----------------------------------------------------------------------


def test_ice_servers_are_empty_by_default(peer, clients):
    response = clients["candidate"].get(f"{base(peer)}call/ice-servers/")
    assert response.status_code == 200
    assert response.json() == {"ice_servers": [], "expires_at": None}


def test_ice_servers_carry_turn_credentials_for_this_user_and_session(peer, clients, settings):
    settings.CALL_ICE_SERVERS = [{"urls": ["stun:stun.example.org:3478"]}]
    settings.CALL_TURN_URLS = ["turn:turn.example.org:3478?transport=udp"]
    settings.CALL_TURN_SECRET = "north-wind"
    body = clients["candidate"].get(f"{base(peer)}call/ice-servers/").json()
    stun, turn = body["ice_servers"]
    assert stun == {"urls": ["stun:stun.example.org:3478"]}
    expiry, name = turn["username"].split(":")
    assert int(expiry) == body["expires_at"]
    assert name == f"{peer.candidate.user_id}-{peer.session.pk.hex}"
    assert turn["credential"]


def test_ice_servers_are_a_404_for_strangers_and_need_a_login(peer, clients):
    assert clients["stranger"].get(f"{base(peer)}call/ice-servers/").status_code == 404
    assert Client().get(f"{base(peer)}call/ice-servers/").status_code in (401, 403)


# --- consent ---------------------------------------------------------------------------


def test_recording_needs_both_consents_and_every_step_is_an_event(peer, clients):
    asked = clients["candidate"].post(f"{base(peer)}recordings/")
    assert asked.json()["status"] == "requested"
    recording_id = asked.json()["id"]
    assert put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD).status_code == 409
    recording_running_id = (
        clients["interviewer"]
        .post(
            f"{base(peer)}recordings/{recording_id}/consent/",
            {"consent": True},
            content_type="application/json",
        )
        .json()
    )
    assert recording_running_id["status"] == "recording"
    actions = list(
        SessionEvent.objects.filter(session=peer.session, type=EventType.CALL).values_list(
            "payload__action", flat=True
        )
    )
    assert actions == ["recording_requested", "recording_started"]


def test_a_declined_recording_takes_no_chunk(peer, clients):
    recording_id = clients["interviewer"].post(f"{base(peer)}recordings/").json()["id"]
    clients["candidate"].post(
        f"{base(peer)}recordings/{recording_id}/consent/",
        {"consent": False},
        content_type="application/json",
    )
    response = put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    assert response.status_code == 403  # the candidate never consented
    assert response.json()["error"]["code"] == "no_consent"
    assert not RecordingChunk.objects.exists()


def test_observers_cannot_ask_or_consent(peer, clients):
    assert clients["observer"].post(f"{base(peer)}recordings/").status_code == 403
    assert not Recording.objects.exists()


def test_a_second_request_while_one_is_open_is_refused(peer, clients):
    clients["interviewer"].post(f"{base(peer)}recordings/")
    again = clients["candidate"].post(f"{base(peer)}recordings/")
    assert again.status_code == 409
    assert Recording.objects.count() == 1


# --- chunks ----------------------------------------------------------------------------


def test_chunks_are_stored_once_by_index(peer, clients):
    recording_id = recording_running(peer, clients)
    first = put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    assert first.status_code == 201
    again = put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    assert again.status_code == 200
    assert put_chunk(clients["candidate"], peer, recording_id, 1, MORE).status_code == 201
    segment = RecordingSegment.objects.get()
    assert (segment.size, segment.duration_ms) == (len(WEBM_HEAD) + len(MORE), 6000)
    assert segment.started_at is not None
    chunk = RecordingChunk.objects.get(index=0)
    assert default_storage.open(chunk.file.name).read() == WEBM_HEAD


def test_other_bytes_at_a_stored_index_are_a_conflict(peer, clients):
    recording_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    response = put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD + b"x")
    assert response.status_code == 409
    assert RecordingChunk.objects.get().size == len(WEBM_HEAD)


@pytest.mark.parametrize(
    ("index", "data", "duration", "status", "code"),
    [
        (0, b"not webm at all", "3000", 400, "bad_chunk"),
        (0, b"", "3000", 415, None),  # the test client sends no type with no body
        (0, WEBM_HEAD + b"\x00" * 300_000, "3000", 413, "too_large"),
        (0, WEBM_HEAD, "0", 400, "bad_chunk"),
        (0, WEBM_HEAD, "999999", 400, "bad_chunk"),
        (0, WEBM_HEAD, "soon", 400, None),
        (0, WEBM_HEAD, None, 400, None),
        (2, MORE, "3000", 409, "out_of_order"),
        (1, WEBM_HEAD, "3000", 400, "bad_chunk"),
    ],
)
def test_bad_chunks_are_refused_and_nothing_is_stored(
    peer, clients, index, data, duration, status, code, settings
):
    recording_id = recording_running(peer, clients)
    if index > 0:
        put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    before = RecordingChunk.objects.count()
    response = put_chunk(clients["candidate"], peer, recording_id, index, data, duration=duration)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["error"]["code"] == code
    assert RecordingChunk.objects.count() == before


def test_an_empty_chunk_is_refused(peer, clients):
    from calls.errors import RecordingRefused
    from calls.services import ChunkUpload, chunk_store

    recording_id = recording_running(peer, clients)
    with pytest.raises(RecordingRefused) as refused:
        chunk_store(
            session_id=str(peer.session.pk),
            user=peer.candidate.user,
            upload=ChunkUpload(recording_id, 0, 0, b"", 3000),
        )
    assert (refused.value.status, refused.value.code) == (400, "bad_chunk")


def test_a_chunk_for_another_sessions_recording_is_a_404(peer, clients, solo):
    recording_id = recording_running(peer, clients)
    url = f"/api/v1/sessions/{solo.session.pk}/recordings/{recording_id}/segments/0/chunks/0/"
    response = clients["candidate"].put(
        url, data=WEBM_HEAD, content_type="audio/webm", headers={"X-Chunk-Duration-Ms": "3000"}
    )
    assert response.status_code == 404
    assert not RecordingChunk.objects.exists()


def test_chunks_after_the_stop_are_refused(peer, clients):
    recording_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    clients["interviewer"].post(f"{base(peer)}recordings/{recording_id}/stop/")
    response = put_chunk(clients["candidate"], peer, recording_id, 1, MORE)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_recording"
    # A resend of what was stored before the stop is still answered (the page settles).
    assert put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD).status_code == 200


def test_a_wrong_content_type_is_refused(peer, clients):
    recording_id = recording_running(peer, clients)
    url = f"{base(peer)}recordings/{recording_id}/segments/0/chunks/0/"
    response = clients["candidate"].put(
        url,
        data=WEBM_HEAD,
        content_type="application/octet-stream",
        headers={"X-Chunk-Duration-Ms": "3000"},
    )
    assert response.status_code == 415


# --- privacy ---------------------------------------------------------------------------


def test_audio_and_list_are_for_participants_only(peer, clients):
    recording_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    put_chunk(clients["candidate"], peer, recording_id, 1, MORE)
    listed = clients["observer"].get(f"{base(peer)}recordings/").json()["results"]
    audio_url = listed[0]["segments"][0]["audio_url"]
    audio = clients["interviewer"].get(audio_url)
    assert audio.status_code == 200
    assert audio["Content-Type"] == "audio/webm"
    assert b"".join(audio.streaming_content) == WEBM_HEAD + MORE
    assert clients["stranger"].get(audio_url).status_code == 404
    assert clients["stranger"].get(f"{base(peer)}recordings/").status_code == 404


def test_either_participant_deletes_a_recording_with_its_files(peer, clients):
    recording_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    name = RecordingChunk.objects.get().file.name
    assert clients["stranger"].delete(f"{base(peer)}recordings/{recording_id}/").status_code == 404
    response = clients["interviewer"].delete(f"{base(peer)}recordings/{recording_id}/")
    assert response.status_code == 204
    assert not Recording.objects.exists()
    assert not default_storage.exists(name)


def test_the_purge_deletes_only_recordings_past_retention(peer, clients, settings):
    settings.RECORDING_RETENTION_DAYS = 30
    old_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, old_id, 0, WEBM_HEAD)
    clients["candidate"].post(f"{base(peer)}recordings/{old_id}/stop/")
    old_file = RecordingChunk.objects.get().file.name
    Recording.objects.filter(pk=old_id).update(created_at=timezone.now() - timedelta(days=31))
    new_id = recording_running(peer, clients)
    assert recordings_purge() == 1
    assert list(Recording.objects.values_list("pk", flat=True)) == [new_id]
    assert not default_storage.exists(old_file)
    assert recordings_purge() == 0
    assert Recording.objects.get().status == RecordingStatus.RECORDING


# --- export ----------------------------------------------------------------------------


def _export(client, peer, query=""):
    response = client.get(f"{base(peer)}export/{query}")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_export_includes_recordings_only_when_asked(peer, clients):
    recording_id = recording_running(peer, clients)
    put_chunk(clients["candidate"], peer, recording_id, 0, WEBM_HEAD)
    assert "recordings" not in _export(clients["candidate"], peer)
    bundle = _export(clients["candidate"], peer, "?recordings=true")
    (recording,) = bundle["recordings"]
    (segment,) = recording["segments"]
    assert base64.b64decode(segment["audio_base64"]) == WEBM_HEAD
    assert segment["user"] == peer.candidate.user_id
