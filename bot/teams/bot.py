"""The Teams ActivityHandler: turns activities into engine calls and renders the results. Nothing else."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    InvokeResponse,
)
from botbuilder.schema.teams import MessagingExtensionAction, MessagingExtensionActionResponse

from bot.app import Services
from bot.core.models import Answer, PostCheck
from bot.teams import cards
from bot.teams.errors import FAILED, describe
from bot.teams.message_action import check_message_action
from bot.teams.text import mentions_me, parse_command, plain_text, scope_of, thread_root

log = logging.getLogger(__name__)
T = TypeVar("T")

PLATFORM = "teams"
LOADING = "Loading the guidance: the first answer takes a little longer."
UNDELIVERED = "Sorry, I worked out an answer but Teams would not take it. Please ask again."
CHECKPOST_USAGE = ("Type `checkpost` followed by your draft post, e.g. "
                   "`checkpost Proud of my team's work on the new bridge!`")
THANKS = "Thanks for the feedback."


class PolicyBot(TeamsActivityHandler):
    def __init__(self, services: Services) -> None:
        self._services = services

    # -- messages -----------------------------------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        click = cards.feedback_click(activity.value)
        if click is not None:
            self._record_feedback(activity, click)
            await self._say(turn_context, MessageFactory.text(THANKS), "feedback thanks")
            return
        scope = scope_of(activity)
        if scope != "personal" and not mentions_me(activity):
            if scope == "channel":
                await self._maybe_faq(turn_context)
            return
        if mentions_me(activity):
            TurnContext.remove_recipient_mention(activity)
        command = parse_command(plain_text(activity.text))
        if command.kind == "help":
            await self._help(turn_context)
        elif command.kind == "checkpost" and not command.text:
            await self._say(turn_context, MessageFactory.text(CHECKPOST_USAGE), "checkpost usage")
        elif command.kind == "checkpost":
            await self._checkpost(turn_context, command.text, typing=scope != "channel")
        else:
            await self._ask(turn_context, command.text, typing=scope != "channel")

    async def _ask(self, turn_context: TurnContext, text: str, *, typing: bool) -> None:
        await self._working(turn_context, typing)
        answer = await self._engine_call(turn_context, self._services.engine.ask, text)
        if answer is None:
            return
        self._services.usage.record_answer(platform=PLATFORM, kind="ask", verdict=answer.verdict,
                                           faq_id=answer.faq_id)
        reply = self._answer_activity(answer, ref=turn_context.activity.id or "")
        await self._say(turn_context, reply, "answer")

    async def _checkpost(self, turn_context: TurnContext, text: str, *, typing: bool) -> None:
        await self._working(turn_context, typing)
        check = await self._engine_call(turn_context, self._services.engine.checkpost, text)
        if check is None:
            return
        self._services.usage.record_answer(platform=PLATFORM, kind="checkpost", verdict=check.verdict,
                                           faq_id=None)
        await self._say(turn_context, self._check_activity(check), "post check")

    async def _help(self, turn_context: TurnContext) -> None:
        questions: list[str] = []
        if self._services.engine.ready:
            try:
                entries = await asyncio.to_thread(self._services.engine.faq_entries)
                questions = [e.question for e in entries[:5]]
            except Exception as exc:
                log.warning("teams: FAQ entries unavailable for help (%s)", describe(exc))
        await self._say(turn_context, MessageFactory.text(cards.help_message(questions)), "help")

    async def _maybe_faq(self, turn_context: TurnContext) -> None:
        """A human's top-level post in a channel where FAQ replies are on: one approved answer, or silence."""
        activity = turn_context.activity
        channel = ((activity.channel_data or {}).get("channel") or {}).get("id")
        if not channel or not self._services.faq_gate.enabled(channel) or not self._from_human(activity):
            return
        root = thread_root(activity.conversation.id or "", activity.id)
        if activity.reply_to_id or root != activity.id:
            return
        text = plain_text(activity.text)
        if not text:
            return
        try:
            answer = await asyncio.to_thread(self._services.engine.faq_reply, text)
        except Exception as exc:
            log.error("teams: FAQ matching failed (%s)", describe(exc))
            return
        if answer is None or not answer.faq_id:
            return
        if not self._services.faq_gate.claim(channel, root, answer.faq_id):
            return
        self._services.usage.record_answer(platform=PLATFORM, kind="faq", verdict=answer.verdict,
                                           faq_id=answer.faq_id)
        await self._say(turn_context, self._answer_activity(answer, ref=activity.id or ""), "FAQ reply",
                        tell_user=False)

    # -- the message action "Check this post" -------------------------------------------------------------
    async def on_teams_messaging_extension_fetch_task(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        return await check_message_action(self._services, action)

    async def on_teams_messaging_extension_submit_action(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        return await check_message_action(self._services, action)

    # -- feedback sent as an invoke (Action.Execute, or a Teams card action) ------------------------------
    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == "adaptiveCard/action":
            # Handled here rather than in on_adaptive_card_invoke: the SDK's AdaptiveCardInvokeResponse types
            # `value` as a dict, so the string a message response carries cannot be serialised (4.17.1).
            value = turn_context.activity.value
            action = value.get("action") if isinstance(value, dict) else None
            click = cards.feedback_click(action.get("data") if isinstance(action, dict) else None)
            if click is None:
                return InvokeResponse(status=400, body={
                    "statusCode": 400, "type": "application/vnd.microsoft.error",
                    "value": {"code": "BadRequest", "message": "Unknown action"}})
            self._record_feedback(turn_context.activity, click)
            return InvokeResponse(status=200, body={
                "statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": THANKS})
        return await super().on_invoke_activity(turn_context)

    async def on_teams_card_action_invoke(self, turn_context: TurnContext) -> InvokeResponse:
        click = cards.feedback_click(turn_context.activity.value)
        if click is None:
            return InvokeResponse(status=400)
        self._record_feedback(turn_context.activity, click)
        return InvokeResponse(status=200)

    # -- installation -------------------------------------------------------------------------------------
    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """The help text as a welcome when the bot is installed for a personal chat (or in the Emulator)."""
        activity = turn_context.activity
        if scope_of(activity) == "personal" and any(m.id == activity.recipient.id for m in members_added):
            await self._help(turn_context)

    # -- helpers ------------------------------------------------------------------------------------------
    def _answer_activity(self, answer: Answer, *, ref: str) -> Activity:
        card = CardFactory.adaptive_card(cards.answer_card(answer, ref=ref))
        activity = MessageFactory.attachment(card)
        activity.summary = cards.verdict_line(answer.verdict, answer.summary)
        return activity

    @staticmethod
    def _check_activity(check: PostCheck) -> Activity:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(cards.postcheck_card(check)))
        activity.summary = cards.verdict_line(check.verdict, check.summary)
        return activity

    async def _engine_call(self, turn_context: TurnContext, call: Callable[[str], T], text: str) -> T | None:
        try:
            return await asyncio.to_thread(call, text)
        except Exception as exc:
            log.error("teams: the engine failed (%s)", describe(exc))
            await self._say(turn_context, MessageFactory.text(FAILED), "failure notice", tell_user=False)
            return None

    async def _working(self, turn_context: TurnContext, typing: bool) -> None:
        """A sign of work at once: a typing indicator (chats only), and a note while the guidance loads."""
        if typing:
            try:
                await turn_context.send_activity(Activity(type=ActivityTypes.typing))
            except Exception as exc:
                log.warning("teams: could not send the typing indicator (%s)", describe(exc))
        if not self._services.engine.ready:
            await self._say(turn_context, MessageFactory.text(LOADING), "loading notice", tell_user=False)

    async def _say(
        self, turn_context: TurnContext, activity: Activity, what: str, *, tell_user: bool = True
    ) -> bool:
        """Sends a reply; when the connector refuses it, logs why (no text) and tries to tell the user."""
        try:
            await turn_context.send_activity(activity)
            return True
        except Exception as exc:
            log.error("teams: could not deliver the %s (%s)", what, describe(exc))
        if tell_user:
            try:
                await turn_context.send_activity(MessageFactory.text(UNDELIVERED))
            except Exception as exc:
                log.error("teams: could not tell the user that the %s was not delivered (%s)", what,
                          describe(exc))
        return False

    def _record_feedback(self, activity: Activity, click: cards.FeedbackClick) -> None:
        sender = activity.from_property
        user = (sender.aad_object_id or sender.id) if sender else None
        self._services.usage.record_feedback(
            platform=PLATFORM, user_id=user, vote=click.vote,
            answer_ref=click.ref, verdict=click.verdict, faq_id=click.faq_id,
        )

    @staticmethod
    def _from_human(activity: Activity) -> bool:
        sender: ChannelAccount | None = activity.from_property
        if sender is None or not sender.id:
            return False
        if activity.recipient and sender.id == activity.recipient.id:
            return False
        return sender.role != "bot" and not sender.id.startswith("28:")


__all__ = ["PolicyBot"]
