/**
 * The widget's chat frame (WID-1): the visitor page's own scripts in one bundle, after the bridge
 * to the host page. Import order is evaluation order: the bridge registers the token handover
 * before the chat decides whether to resume.
 */
import './frame-bridge.ts';
import '../client/visitor/form.ts';
import '../client/visitor/chat.ts';
