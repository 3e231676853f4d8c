# الأسماء التي يعرضها الخادم عن نفسه.

# اسم هذه اللغة مكتوبًا بها (يُستخدم في قوائم اختيار اللغة).
locale-name = العربية

## صفحات الروابط الواردة في رسائل البريد الإلكتروني الخاصة بالحساب

page-site-name = Agora
page-verify-email-title = تأكيد عنوان بريدك الإلكتروني
page-verify-email-done = شكرًا لك: أصبح عنوان بريدك الإلكتروني مؤكَّدًا. يمكنك الآن التعليق على المشاورات والتسجيل في الدورات التدريبية وإنشاء المنظمات.
page-reset-password-title = اختيار كلمة مرور جديدة
page-reset-password-intro = يرجى اختيار كلمة مرور جديدة لحسابك على Agora تتكوّن من 10 أحرف على الأقل. يمكنك تكوين كلمة مرور قوية يسهل تذكّرها بضمّ بضع كلمات معًا. سيُسجَّل الخروج من حسابك على جميع الأجهزة التي سُجِّل الدخول إليه منها.
page-reset-password-label = كلمة المرور الجديدة
page-reset-password-submit = حفظ كلمة المرور الجديدة
page-reset-password-done = حُفظت كلمة المرور الجديدة. يمكنك الآن تسجيل الدخول باستخدامها.
page-invitation-title = الانضمام إلى منظمة
page-invitation-intro = تلقّيت دعوة للانضمام إلى { $organization } على Agora. يرجى تسجيل الدخول باستخدام الحساب المرتبط بالعنوان الذي أُرسلت إليه الدعوة لتصبح عضوًا فيها.
page-invitation-email = عنوان البريد الإلكتروني
page-invitation-password = كلمة المرور
page-invitation-submit = تسجيل الدخول وقبول الدعوة
page-invitation-done = مرحبًا بك: أصبحت الآن عضوًا في { $organization }.

## أسماء تمنحها المنصة

# الاسم الذي يظهر بجانب المساهمات السابقة لحساب محذوف.
deleted-participant = مشارك محذوف

## صفحة الشهادة ووثيقة الاعتماد الرقمية

page-certificate-title = الشهادة { $code }
page-certificate-valid = هذه الشهادة صالحة.
page-certificate-revoked = أُلغيت هذه الشهادة في { $date }.
page-certificate-unknown = لا توجد شهادة بالرمز { $code }. يرجى التحقق من الرمز والمحاولة مرة أخرى.
page-certificate-holder = حامل الشهادة
page-certificate-holder-withheld = محجوب: أغلق حامل الشهادة حسابه.
page-certificate-course = الدورة التدريبية
page-certificate-issued = تاريخ الإصدار
page-certificate-signature = يمكن لأي شخص التحقق من توقيع وثيقة الاعتماد الرقمية الخاصة بهذه الشهادة باستخدام المفاتيح المنشورة على { $jwks }.
# ما تشهد الشهادة بأن حاملها قد أنجزه (معايير شارة Open Badge).
certificate-criteria = أكمل جميع دروس الدورة التدريبية واجتاز جميع اختباراتها.

## إحصاءات المشاركة

# عدد من 1 إلى 4، يُحجب حتى لا يمكن التعرّف على أحد.
stats-fewer-than-five = أقل من 5
page-unfollow-title = إيقاف متابعة مشاورة
page-unfollow-done = لم تعد تتابع المشاورة «{ $consultation }». لن تصلك بعد الآن رسائل بريد إلكتروني بشأنها.
page-unfollow-done-unknown = لم تعد تتابع هذه المشاورة. لن تصلك بعد الآن رسائل بريد إلكتروني بشأنها.
