# API 错误代码对应的消息（参见 API.md）。每条消息都是请求失败时用户看到的内容；
# 稳定的错误代码随之一起放在 `extensions.code` 中。

error-unauthenticated = 请登录后再执行此操作。如果您之前已登录，您的会话可能已过期。
error-invalid-credentials = 电子邮件地址或密码不正确。
error-forbidden = 您无权执行此操作。
error-not-found = 找不到您请求的内容，或者您无权查看。
error-validation = 请检查字段“{ $field }”。
error-text-nul = 字段“{ $field }”包含 NUL 字符（U+0000），文本中不能包含该字符。请将其删除。
error-email-not-verified = 请先确认您的电子邮件地址。我们已向您发送了一个链接。
error-round-not-open = 本轮意见征集目前未开放评论。
error-rate-limited =
    { $minutes ->
       *[other] 尝试次数过多。请在 { $minutes } 分钟后重试。
    }
error-enrollment-closed = 本期课程的报名已截止。
error-internal = 我们这边出现了问题。如果问题再次出现，请提供此参考编号：{ $requestId }。

## 与 GraphQL 请求本身有关的错误

error-bad-request = 此请求对 Agora API 无效：{ $detail }
error-mutation-over-get = 更改必须通过 HTTP POST 请求发送，而不是 GET。
error-query-too-deep = 此查询的嵌套层级过深：最多允许 { $limit } 层。
error-query-too-complex = 此查询一次请求的内容过多：其开销为 { $cost }，上限为 { $limit }。
error-too-many-aliases = 此查询使用的别名过多：最多允许 { $limit } 个。
error-batch-too-large = 此请求包含的操作过多：最多允许 { $limit } 个。
error-page-too-large = 列表每页最多返回 { $limit } 项。
error-too-many-counts = 此请求统计的列表总数（totalCount）过多：每个请求最多允许 { $limit } 次统计，批量请求中的所有操作合并计算。
error-payload-too-large = 此请求过大：最多允许 { $kilobytes } KB（千字节）。
error-too-many-subscriptions = 此连接已在接收 { $limit } 项实时更新，已达上限：请先停止其中一项，再开始新的订阅。

## 与账户有关的错误

error-invalid-email = 请输入有效的电子邮件地址，例如 name@example.org。
error-password-length = 密码长度必须为 10 到 128 个字符。您可以将几个词串在一起，组成一个既安全又好记的密码。
error-display-name = 显示名称长度必须为 1 到 100 个字符。
error-name-hidden-characters = 字段“{ $field }”包含不可见字符，或会改变文字方向的字符（例如零宽空格或从右到左强制符），这些字符可能让一个名称看起来像另一个名称。请将其删除。
error-email-taken = 使用此电子邮件地址的账户已存在。
error-password-common = 此密码太容易被猜到：它是最常见的密码之一，或者与您自己的电子邮件地址或姓名相同。请另选一个密码。
error-country = 请使用两个字母的代码选择国家/地区，例如 KE 或 FR。
error-locale = 请使用代码选择语言，例如 fr、es 或 zh-CN。
error-token-invalid = 此链接已失效：它已被使用过或已过期。请重新申请一个链接。
error-account-suspended = 此账户已被暂停使用。如果您认为这是误操作，请联系平台管理员。

## 与组织有关的错误

error-organization-already-verified = 此组织已通过认证。
error-organization-not-verified = 此组织尚未通过认证，因此没有可撤销的认证。
error-already-member = 此人已是该组织的成员。
error-invitation-needs-verification = 只有经过认证的组织才能邀请成员。此组织须先由平台管理员认证。
error-official-needs-government = 只有政府组织和政府间组织才能设有官方代表。
error-last-admin = 一个组织至少需要一名管理员。请先将其他人设为管理员。

## 与角色和账户暂停有关的错误

error-admin-is-platform-wide = 管理员角色适用于整个平台：不能将其限定于某一项咨询或某一门课程。
error-role-already-granted = 此人已拥有此角色。
error-last-platform-admin = 平台至少需要一名管理员。请先将其他人设为管理员。
error-cannot-suspend-self = 您不能暂停自己的账户。
error-already-suspended = 此账户已被暂停使用。
error-not-suspended = 此账户未被暂停使用。

## 与咨询、意见征集轮次和评论有关的错误

error-consultation-owner = 只有通过认证的政府组织或政府间组织才能发起咨询。
error-official-organization-unverified = 您的组织尚未通过认证（或其认证已被撤销），因此其官方代表不能代表该组织采取任何操作。您仍可阅读其咨询；须先由平台管理员重新认证该组织。
error-slug = 用于网址的简称必须由 3 到 80 个小写英文字母、数字和连字符组成（连字符不能连续使用），例如 ai-act-2026。
error-slug-taken = 另一项咨询已在使用此简称。
error-original-translation = 文本中必须包含该咨询原始语言的版本。
error-consultation-not-editable = 此咨询已关闭，因此无法再进行更改。
error-consultation-status = 此咨询当前的状态不允许执行此操作。
error-consultation-without-sections = 咨询在发布前必须至少包含一个章节。
error-round-dates = 一轮意见征集的截止时间必须晚于其开始时间，并且必须是将来的时间。
error-round-closed = 本轮意见征集已截止。
error-round-extension = 新的截止时间必须晚于当前的截止时间。
error-outcome-round-open = 只有在没有开放的意见征集轮次时才能发布结果。请先关闭正在开放的轮次。
error-outcome-section = 每条章节结果都必须对应本次咨询中的一个章节，且每个章节只能出现一次。
error-outcome-comment = 结果只能引用针对本次咨询提交的意见，每个章节最多 500 条。
error-comment-not-editable = 只有已发布的评论才能编辑。
error-comment-withdrawn = 此评论已被撤回。
error-comment-changed = 有人在此期间更改了此评论。请重新加载后再试。
error-endorse-own-comment = 您不能赞同自己的评论。
error-already-endorsed = 您已赞同过此评论。
error-not-endorsed = 您尚未赞同此评论。
error-already-flagged = 您已举报过此评论。
error-moderation-status = 此评论当前的状态不允许执行此审核操作。
error-reply-other-round = 回复必须与其所回复的评论属于同一轮意见征集。
error-reply-too-deep = 此对话的嵌套层级已达上限。请回复讨论串中更上层的内容。

## 与课程、课程期次、报名和证书有关的错误

error-course-unknown = 没有使用此简称的课程。
error-cohort-dates = 每期课程的结束时间必须晚于开始时间；其报名截止时间必须晚于报名开始时间，且不得晚于该期课程的结束时间。
error-cohort-capacity = 每期课程的名额必须在 1 到 10,000 个之间，且优先名额不得多于总名额。
error-capacity-below-taken = 名额总数不能少于已占用的名额数。
error-already-enrolled = 您已报名本期课程、已在其候补名单中，或您的申请正在等待审批。
error-enrollment-status = 此报名当前的状态不允许执行此操作。
error-enrollment-not-active = 只有在报名处于有效状态时，才会记录学习进度。
error-lesson-not-in-course = 此课时不属于本期所开设的课程。
error-quiz-not-in-course = 此测验不属于本期所开设的课程。
error-quiz-answers = 每个答案都必须对应此测验中的一道题，每道题只能出现一次，且所选选项必须属于该题（单选题必须恰好选择一个选项）。
error-quiz-attempts-used = 您已用完此测验的所有作答机会。
error-quiz-already-passed = 您已通过此测验。
error-certificate-revoked = 此证书已被撤销。
error-unfollow-link-invalid = 此取消关注链接无效：链接可能不完整或已过期。请登录 Agora 取消关注该咨询。

## 与重试请求有关的错误

error-idempotency-key = 幂等键长度为 1 到 100 个字符，只能包含英文字母（a–z、A–Z）、数字以及 - _ . :（例如 UUID）。
error-idempotency-key-reused = 此幂等键已用于另一个不同的请求。每个新请求请使用新的键，只有重试同一请求时才使用同一个键。
