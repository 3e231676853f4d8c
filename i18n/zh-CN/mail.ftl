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
