# 电子邮件消息。每封邮件都有 `-subject`（主题）和 `-body`（正文）；正文为纯文本
# （段落之间以空行分隔），同时也用作 HTML 部分。

mail-greeting = { $name }，您好：
mail-signature = Agora 团队
mail-footer = 您收到这封邮件，是因为您在 Agora 上的活动。Agora 是一个面向公众咨询和培训的开放平台。

mail-test-subject = Agora 测试邮件
mail-test-body =
    这是来自 Agora 服务器（{ $serverUrl }）的测试邮件。

    如果您能阅读这封邮件，说明电子邮件发送已正确配置。您无需执行任何其他操作。
