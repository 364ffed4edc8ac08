"""The Slack app manifest declares what the adapter listens to, with least-privilege scopes."""

from __future__ import annotations

import yaml

from tests.helpers import REPO


def test_manifest_matches_the_adapter() -> None:
    manifest = yaml.safe_load((REPO / "deploy" / "slack" / "manifest.yaml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/checkpost"]
    [shortcut] = features["shortcuts"]
    assert (shortcut["name"], shortcut["type"], shortcut["callback_id"]) == ("Check this post", "message",
                                                                             "check_post")
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.im", "app_mention", "message.channels", "app_home_opened"}
    for url in (settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
                features["slash_commands"][0]["url"]):
        assert url == "https://YOUR-HOST/slack/events"
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert settings["socket_mode_enabled"] is False
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "channels:history", "chat:write", "commands", "im:history", "reactions:write"}
