# Notes become CRDT text: every board gets its notes as a Yjs document, seeded from the text
# it had. Sessions still running also get one logged op holding that seed, so that replaying
# their event log (old notes.patch events carry their text; later notes.update events build
# on the seed's characters) rebuilds the same text.

import base64

from django.db import migrations, models
from pycrdt import Doc, Text

SECTIONS = ("requirements", "estimates", "api", "data_model", "deep_dive", "free")


def _seed(texts):
    doc = Doc()
    with doc.transaction():
        for section in SECTIONS:
            if texts.get(section):
                doc[section] = Text(texts[section])
    return doc.get_update()


def seed_notes(apps, schema_editor):
    Board = apps.get_model("interviews", "Board")
    SessionEvent = apps.get_model("interviews", "SessionEvent")
    for board in Board.objects.select_related("session").iterator():
        texts = (board.state or {}).get("notes") or {}
        state = _seed(texts)
        board.notes_state = state
        board.save(update_fields=["notes_state"])
        session = board.session
        sections = [s for s in SECTIONS if texts.get(s)]
        if not sections or session.status in ("ended", "abandoned"):
            continue
        session.last_seq += 1
        session.save(update_fields=["last_seq"])
        SessionEvent.objects.create(
            session=session,
            seq=session.last_seq,
            type="op",
            payload={
                "version": board.version,
                "base_version": board.version,
                "actor": None,
                "op_id": "",
                "op": {
                    "kind": "notes.update",
                    "update": base64.b64encode(state).decode(),
                    "sections": sections,
                    "seed": True,
                },
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='board',
            name='notes_state',
            field=models.BinaryField(default=bytes),
        ),
        migrations.RunPython(seed_notes, migrations.RunPython.noop),
    ]
