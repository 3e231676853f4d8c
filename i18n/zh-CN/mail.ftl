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

    在重新通过认证之前，该组织将显示为未认证。如果您认为这是误操作，请回复此邮件告知平台管理员。
mail-membership-invitation-subject = 您受邀在 Agora 上加入 { $organization }
mail-membership-invitation-body =
    您受邀在 Agora 上加入 { $organization }。Agora 是一个面向公众咨询和培训的开放平台。如需接受邀请，请在 14 天内打开以下链接，并使用此电子邮件地址对应的账户登录：

    { $link }

    如果您不了解该组织，可以忽略这封邮件：只有接受邀请后才会成为其成员。

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
