# 服务器显示的有关自身的名称。

# 此语言的名称，用该语言本身书写（用于语言选择器）。
locale-name = 简体中文

## 账户相关邮件中的链接所对应的页面

page-site-name = Agora
page-verify-email-title = 确认您的电子邮件地址
page-verify-email-intro = 要确认您的电子邮件地址，请为您的 Agora 账户设置密码，长度至少为 10 个字符（可以与注册时填写的密码相同）。今后只有在此设置的密码才能登录该账户，所有已登录该账户的设备都将退出登录。
page-verify-email-label = 密码
page-verify-email-submit = 确认我的地址
page-verify-email-done = 谢谢！您的电子邮件地址已确认，密码已保存。请用它登录，即可对咨询发表评论、报名参加课程以及创建组织。
page-reset-password-title = 设置新密码
page-reset-password-intro = 请为您的 Agora 账户设置新密码，长度至少为 10 个字符。您可以将几个词串在一起，组成一个既安全又好记的密码。所有已登录您账户的设备都将退出登录。
page-reset-password-label = 新密码
page-reset-password-submit = 保存新密码
page-reset-password-done = 您的新密码已保存。现在您可以使用新密码登录。
page-invitation-title = 加入组织
page-invitation-intro = 您受邀在 Agora 上加入 { $organization }。请使用接收邀请的电子邮件地址所对应的账户登录，即可成为其成员。
page-invitation-email = 电子邮件地址
page-invitation-password = 密码
page-invitation-submit = 登录并接受
page-invitation-done = 欢迎！您现已成为 { $organization } 的成员。

## 平台使用的名称

# 已删除账户在其过往贡献旁显示的名称。
deleted-participant = 已删除的参与者

## 证书页面和数字凭证

page-certificate-title = 证书 { $code }
page-certificate-valid = 此证书有效。
page-certificate-revoked = 此证书已于 { $date } 被撤销。
page-certificate-unknown = 不存在编号为 { $code } 的证书。请检查编号后重试。
page-certificate-holder = 持有人
page-certificate-holder-withheld = 不予显示：持有人已注销其账户。
page-certificate-course = 课程
page-certificate-issued = 颁发日期
page-certificate-signature = 任何人都可以使用发布在 { $jwks } 的密钥，验证此证书所附数字凭证的签名。
# 证书所证明的持有人已完成的事项（Open Badge 的评定标准）。
certificate-criteria = 已学完本课程的所有课时，并通过了所有测验。

## 参与统计

# 1 到 4 之间的计数，予以隐藏，以免任何人被识别。
stats-fewer-than-five = 少于 5
page-unfollow-title = 取消关注咨询
page-unfollow-confirm = 不再接收有关咨询“{ $consultation }”的邮件？在您按下按钮之前，打开此链接不会改变任何设置。
page-unfollow-confirm-unknown = 不再接收有关此咨询的邮件？在您按下按钮之前，打开此链接不会改变任何设置。
page-unfollow-submit = 取消关注
page-unfollow-done = 您已取消关注咨询“{ $consultation }”，今后将不会再收到有关它的邮件。
page-unfollow-done-unknown = 您已取消关注此咨询，今后将不会再收到有关它的邮件。
