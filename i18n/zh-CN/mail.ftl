# 电子邮件消息。每封邮件都有 `-subject`（主题）和 `-body`（正文）；正文为纯文本
# （段落之间以空行分隔），同时也用作 HTML 部分。

mail-greeting = { $name }，您好：
mail-signature = Agora 团队
mail-footer = 您收到这封邮件，是因为您在 Agora 上的活动。Agora 是一个面向公众咨询和培训的开放平台。

mail-test-subject = Agora 测试邮件
mail-test-body =
    这是来自 Agora 服务器（{ $serverUrl }）的测试邮件。

    如果您能阅读这封邮件，说明电子邮件发送已正确配置。您无需执行任何其他操作。

## 账户相关邮件

mail-verify-email-subject = 请确认您在 Agora 使用的电子邮件地址
mail-verify-email-body =
    欢迎使用 Agora。请在 24 小时内打开以下链接，确认此电子邮件地址属于您：

    { $link }

    确认后，您即可对咨询发表评论、报名参加课程以及创建组织。如果您没有创建过账户，可以忽略这封邮件。
mail-already-registered-subject = 有人尝试使用您的电子邮件地址注册
mail-already-registered-body =
    有人（可能是您本人）尝试使用此电子邮件地址创建新的 Agora 账户。该地址已有账户，因此没有创建新账户。

    如果是您本人且忘记了密码，可以在此设置新密码：{ $resetLink }

    如果不是您本人，您无需执行任何操作：您的账户没有任何变化。
mail-password-reset-subject = 为您的 Agora 账户设置新密码
mail-password-reset-body =
    我们收到了为您的 Agora 账户设置新密码的请求。请在一小时内打开以下链接完成设置：

    { $link }

    设置新密码后，您将在所有设备上退出登录。如果您没有提出此请求，可以忽略这封邮件：您的密码将保持不变。

## 组织相关邮件

mail-organization-verified-subject = { $organization } 现已在 Agora 上通过认证
mail-organization-verified-body =
    平台管理员已认证 { $organization }。现在，该组织的成员可以代表其参与咨询，其名称也将显示为已认证。

    感谢您帮助维护咨询的可信度。
mail-organization-withdrawn-subject = { $organization } 的认证已被撤销
mail-organization-withdrawn-body =
    平台管理员已撤销 { $organization } 的认证，原因如下：

    { $reason }

    在重新通过认证之前，该组织将显示为未认证，不能邀请新成员，其官方代表也不能代表该组织采取操作：不能修改或发布咨询，不能开启、延长或关闭评论轮次，不能回复评论，也不能发布结果，但仍可阅读此前能够阅读的全部内容。该组织已开启或已排期的评论轮次现已关闭，并已通知这些咨询的关注者；重新通过认证后，其官方代表可以开启新的轮次。

    如果您认为这是误操作，请回复此邮件告知平台管理员。
mail-membership-invitation-subject = 您受邀在 Agora 上加入一个组织
mail-membership-invitation-body =
    { $inviter } 邀请您在 Agora 上加入组织“{ $organization }”。Agora 是一个面向公众咨询和培训的开放平台，该组织已通过平台管理员的认证。如需接受邀请，请在 14 天内打开以下链接，并使用此电子邮件地址对应的账户登录：

    { $link }

    如果您不认识此人或不了解该组织，可以忽略这封邮件：只有接受邀请后才会成为其成员。

## 角色和账户暂停相关邮件

mail-role-granted-subject = 您在 Agora 上获得了新角色
mail-role-granted-body =
    平台管理员已在 Agora 上将您设为{ $role ->
        [ADMIN] 平台管理员
        [MODERATOR] 审核员
       *[INSTRUCTOR] 讲师
    }。您下次登录时即可使用相应的新功能。
mail-account-suspended-subject = 您的 Agora 账户已被暂停使用
mail-account-suspended-body =
    平台管理员已暂停您的 Agora 账户，原因如下：

    { $reason }

    账户暂停期间，您将无法登录。如果您认为这是误操作，请回复此邮件告知平台管理员。
mail-account-reinstated-subject = 您的 Agora 账户已恢复使用
mail-account-reinstated-body =
    平台管理员已解除对您 Agora 账户的暂停。您现在可以重新登录。
mail-comment-receipt-subject = 我们已收到您的评论：{ $trackingNumber }
mail-comment-receipt-body =
    感谢您参与咨询“{ $consultation }”（{ $round }）。

    我们已于 { $submittedAt } 收到您的评论。其跟踪编号为：

    { $trackingNumber }

    请保存此编号：任何人都可以用它确认您的评论已被收到，但无法看到评论的作者是谁。
mail-comment-pending-review-subject = 您的评论正在等待审核员审核：{ $trackingNumber }
mail-comment-pending-review-body =
    多名参与者举报了您在咨询“{ $consultation }”中发表的评论 { $trackingNumber }，因此该评论将被隐藏，直至审核员完成审核。

    您无需执行任何操作。审核完成后，我们会通知您。
mail-comment-hidden-subject = 审核员已隐藏您的评论 { $trackingNumber }
mail-comment-hidden-body =
    审核员已隐藏您在咨询“{ $consultation }”中发表的评论 { $trackingNumber }，原因如下：

    { $reason }

    该咨询的官方代表仍可阅读此评论。如果您认为这是误操作，请回复此邮件告知审核员。
mail-comment-restored-subject = 您的评论 { $trackingNumber } 已恢复显示
mail-comment-restored-body =
    审核员已审核您在咨询“{ $consultation }”中发表的评论 { $trackingNumber }，并已将其恢复显示：

    { $reason }
mail-comment-responded-subject = 官方代表已回复您的评论 { $trackingNumber }
mail-comment-responded-body =
    主办咨询“{ $consultation }”的组织已回复您的评论 { $trackingNumber }：

    { $response }

## 课程相关邮件

mail-enrollment-active-subject = 报名成功：{ $course }
mail-enrollment-active-body =
    您在课程“{ $course }”（{ $cohort }）中的名额已确认。本期课程的时间为 { $startsAt } 至 { $endsAt }。

    您可以随时打开课时进行学习。学完所有课时并通过所有测验，即可获得一份任何人都可以查验的证书。

    如果您无法继续参加，请取消报名，以便将您的名额让给候补名单上的下一位。
mail-enrollment-requested-subject = 我们已收到您报名 { $course } 的申请
mail-enrollment-requested-body =
    感谢您关注课程“{ $course }”（{ $cohort }）。本期课程的讲师会先审核每一份申请，再分配名额。

    提交申请并不会为您保留名额。讲师作出决定后，我们会立即通知您。
mail-enrollment-waitlisted-subject = 您已进入 { $course } 的候补名单
mail-enrollment-waitlisted-body =
    课程“{ $course }”（{ $cohort }）目前没有可分配给您的名额，因此您已进入其候补名单，排在第 { $position } 位。

    一旦有名额空出，将分配给候补名单上的下一位；如果轮到您，我们会立即通知您。在此期间，您无需执行任何操作。
mail-enrollment-promoted-subject = 您已获得名额：{ $course }
mail-enrollment-promoted-body =
    好消息：您已从候补名单中递补成功，课程“{ $course }”（{ $cohort }）的一个名额现在归您了。本期课程的时间为 { $startsAt } 至 { $endsAt }。

    您现在就可以打开课时进行学习。如果您无法继续参加，请取消报名，以便将名额让给下一位。
mail-enrollment-approved-subject = 您的申请已获批准：{ $course }
mail-enrollment-approved-body =
    讲师已批准您加入课程“{ $course }”（{ $cohort }）的申请，您的名额已确认。本期课程的时间为 { $startsAt } 至 { $endsAt }。

    您可以随时打开课时进行学习。
mail-enrollment-rejected-subject = 关于您报名 { $course } 的申请
mail-enrollment-rejected-body =
    很抱歉，课程“{ $course }”（{ $cohort }）的讲师未能为您提供名额。

    课程资料仍在课程目录中向所有人开放，之后各期课程可能还有名额。
mail-certificate-issued-subject = 您的 { $course } 证书
mail-certificate-issued-body =
    恭喜！您已学完课程“{ $course }”的所有课时，并通过了所有测验。

    您的证书编号为 { $code }。任何人都可以在此查验：

    { $link }

    此证书同时也是一份经过签名的数字凭证（Open Badge），您可以在报名记录中下载并分享。
mail-certificate-revoked-subject = 您的证书 { $code } 已被撤销
mail-certificate-revoked-body =
    您在课程“{ $course }”中获得的证书 { $code } 已被撤销，原因如下：

    { $reason }

    现在，任何人查验此编号时都会看到该证书已被撤销。如果您认为这是误操作，请回复此邮件告知课程讲师。

## 发给咨询关注者的邮件

mail-follow-round-opened-subject = 开始征集意见：{ $consultation }
mail-follow-round-opened-body =
    您关注的咨询“{ $consultation }”正在征集意见：“{ $round }”这一轮开放至 { $closesAt }。

    请登录 Agora 阅读草案，并逐节发表评论。

    您收到此邮件是因为您关注了此咨询。如需取消关注，请打开此链接：{ $unfollowUrl }
mail-follow-round-closing-subject = 距意见征集截止还有 48 小时：{ $consultation }
mail-follow-round-closing-body =
    您关注的咨询“{ $consultation }”中“{ $round }”这一轮将于 { $closesAt } 截止。如果您想发表评论，现在还来得及。

    您收到此邮件是因为您关注了此咨询。如需取消关注，请打开此链接：{ $unfollowUrl }
mail-follow-round-extended-subject = 意见征集已延期：{ $consultation }
mail-follow-round-extended-body =
    您关注的咨询“{ $consultation }”的负责人已将“{ $round }”这一轮延期，现截止时间为 { $closesAt }。延期理由：

    { $reason }

    您收到此邮件是因为您关注了此咨询。如需取消关注，请打开此链接：{ $unfollowUrl }
mail-follow-round-closed-subject = 评论轮次提前关闭：{ $consultation }
mail-follow-round-closed-body =
    您关注的咨询“{ $consultation }”的评论轮次“{ $round }”已在计划结束前关闭：平台管理员撤销了开展该咨询的组织的认证。已提交的评论会被保留；目前不再接受新的评论。

    您收到此邮件是因为您关注了此咨询。如需取消关注，请打开此链接：{ $unfollowUrl }
mail-follow-outcome-published-subject = 结果已发布：{ $consultation }
mail-follow-outcome-published-body =
    您关注的咨询“{ $consultation }”已经结束。其负责人已发布结果：文本逐节作了哪些修改，以及哪些评论促成了这些修改。请在 Agora 上打开该咨询查看。

    您收到此邮件是因为您关注了此咨询。如需取消关注，请打开此链接：{ $unfollowUrl }
