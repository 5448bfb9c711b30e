// The rule registry: every rule id of docs/provider-rules.md, in the order of that document.
import type { Rule } from '../rule-types';
import { reg429Rule } from './reg-429';
import { regChannelsRule } from './reg-channels';
import { regCpsRule } from './reg-cps';
import { regCredentialsRule } from './reg-credentials';
import { regExpiresRule } from './reg-expires';
import { regInboundRrRule } from './reg-inbound-rr';
import { regIntervalRule } from './reg-interval';
import { regOnePbxRule } from './reg-one-pbx';
import { regSrvRule } from './reg-srv';
import { regTransportRule } from './reg-transport';
import { rtpAudioRule } from './rtp-audio';
import { rtpNatRule } from './rtp-nat';
import { secScannerRule } from './sec-scanner';
import { sipAuthRule } from './sip-auth';
import { sipBranchRule } from './sip-branch';
import { sipCseqRule } from './sip-cseq';
import { sipFailureResponseRule } from './sip-failure-response';
import { sipNatRule } from './sip-nat';
import { sipNoByeRule } from './sip-no-bye';
import { sipNoFinalResponseRule } from './sip-no-final-response';
import { sipRetransmitRule } from './sip-retransmit';
import { sipSyntaxRule } from './sip-syntax';
import { sipTagsRule } from './sip-tags';
import { trunkCallerIdRule } from './trunk-caller-id';
import { trunkDirectionRule } from './trunk-direction';
import { trunkE164Rule } from './trunk-e164';
import { trunkFromHostRule } from './trunk-from-host';
import { trunkLimitsRule } from './trunk-limits';
import { trunkRelayMediaRule } from './trunk-relay-media';
import { trunkSourceIpRule } from './trunk-source-ip';

export const ALL_RULES: readonly Rule[] = [
  trunkFromHostRule,
  trunkDirectionRule,
  trunkLimitsRule,
  trunkSourceIpRule,
  trunkRelayMediaRule,
  trunkCallerIdRule,
  trunkE164Rule,
  sipSyntaxRule,
  regSrvRule,
  regIntervalRule,
  regExpiresRule,
  reg429Rule,
  regTransportRule,
  regOnePbxRule,
  regChannelsRule,
  regCpsRule,
  regCredentialsRule,
  regInboundRrRule,
  sipNatRule,
  sipNoFinalResponseRule,
  sipNoByeRule,
  sipTagsRule,
  sipCseqRule,
  sipBranchRule,
  sipRetransmitRule,
  sipFailureResponseRule,
  sipAuthRule,
  rtpAudioRule,
  rtpNatRule,
  secScannerRule,
];
